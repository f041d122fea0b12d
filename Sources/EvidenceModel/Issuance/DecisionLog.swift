import Foundation

/// A domain's issuance decision log: each issuance with the inputs it was decided on, in the
/// order a domain owner reads them — request, validations per perspective, CAA, decision,
/// certificate, SCTs (issue #16).
///
/// Built from records alone (a pure function), so `vigil evidence list --format text` and the
/// TUI show the same grouping:
/// - `issuance.decision` (boulder-audit) about the domain opens an issuance; its `request_time`,
///   `requester`, `order_id` and `identifiers` make the request step;
/// - `validation.result` (boulder-audit) belongs to every decision naming its `authz_id` in `authz`
///   (an authorization may be reused); one without a matching decision, and every `mpic.result`
///   (Open MPIC carries no authorization id), belongs to the domain's next decision at or after it;
/// - a `certificate` (x509) belongs to the decision with its serial, when its names include the
///   domain; its SCTs follow it.
/// Inputs tied to no decision (a validation after the last one, a certificate of another CA) are
/// listed apart, so nothing about the domain is hidden.
public struct DecisionLog: Sendable, Hashable {
    /// The steps of an issuance, in reading order.
    public enum Step: Int, Sendable, Hashable, Comparable, CaseIterable {
        case request, validation, caa, decision, certificate, sct

        public var label: String {
            switch self {
            case .request: "request"
            case .validation: "validation"
            case .caa: "caa"
            case .decision: "decision"
            case .certificate: "certificate"
            case .sct: "sct"
            }
        }

        public static func < (lhs: Step, rhs: Step) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// One line of the log: a step, when it happened, what it says, and the record it comes from.
    public struct Entry: Sendable, Hashable {
        public let step: Step
        public let time: Date?
        public let text: String
        public let recordID: String
        /// False for a step that failed (an invalid validation, a refused request).
        public let isSuccess: Bool
    }

    /// One issuance decision and its inputs, in step order (then time).
    public struct Issuance: Sendable, Hashable {
        public let decisionID: String
        public let time: Date
        public let outcome: String
        public let serial: String?
        public let entries: [Entry]

        /// `2026-11-28T09:15:31Z successful, serial 04a1…, order 39571204`.
        public var title: String {
            var parts = ["\(Timestamp.format(time)) \(outcome)"]
            if let serial { parts.append("serial \(serial)") }
            return parts.joined(separator: ", ")
        }
    }

    public let domain: String
    public let issuances: [Issuance]
    /// Records about the domain that belong to no decision, by time.
    public let unattached: [Entry]

    /// Groups `records` (any order, any subjects) into the decision log of `subject` (`domain:NAME`).
    public init(subject: String, records: [EvidenceRecord]) {
        let domain = subject.hasPrefix("domain:") ? String(subject.dropFirst("domain:".count)) : subject
        self.domain = domain
        let ordered = records.sorted { ($0.observedAt, $0.id) < ($1.observedAt, $1.id) }
        let decisions = ordered.compactMap { record in
            record.subject == subject ? (try? IssuanceDecisionEvidence(record: record)).map { Decision(record: record, evidence: $0) } : nil
        }
        // One request for `a` and `*.a` logs two decisions about domain:a: one issuance.
        var groups: [[Decision]] = []
        var groupOfRequest: [String: Int] = [:]
        for decision in decisions {
            let request = decision.evidence.request.id ?? decision.record.id
            if let index = groupOfRequest[request] {
                groups[index].append(decision)
            } else {
                groupOfRequest[request] = groups.count
                groups.append([decision])
            }
        }
        var inputs: [Int: [Entry]] = [:]
        var unattached: [Entry] = []
        var usedCertificates: Set<String> = []

        for record in ordered where record.subject == subject {
            let owners: [Int]
            switch record.kind {
            case EvidenceKind.validationResult:
                let authz = (try? ValidationResultEvidence(record: record))?.authzID
                let byAuthz = groups.indices.filter { i in authz != nil && groups[i].contains { $0.evidence.decided.authz == authz } }
                owners = byAuthz.isEmpty ? Self.nextGroup(after: record, in: groups) : byAuthz
            case EvidenceKind.mpicResult: owners = Self.nextGroup(after: record, in: groups)
            default: continue
            }
            let entries = DecisionLogEntries.entries(of: record)
            if owners.isEmpty { unattached += entries }
            for owner in owners { inputs[owner, default: []] += entries }
        }
        let certificates = ordered.compactMap { record in
            (try? CertificateEvidence(record: record)).flatMap { Self.names($0, include: domain) ? (record, $0) : nil }
        }
        for (index, group) in groups.enumerated() {
            guard let serial = Self.serial(group[0].evidence.request.serialNumber) else { continue }
            for (record, certificate) in certificates where Self.serial(certificate.serial) == serial {
                inputs[index, default: []] += DecisionLogEntries.entries(of: record)
                usedCertificates.insert(record.id)
            }
        }
        for (record, _) in certificates where !usedCertificates.contains(record.id) {
            unattached += DecisionLogEntries.entries(of: record)
        }
        issuances = groups.enumerated().map { index, group in
            var seen: Set<String> = []  // both decisions of `a` and `*.a` state the same request
            let own = group.flatMap { DecisionLogEntries.decision($0.evidence, record: $0.record) }.filter {
                seen.insert("\($0.step)|\($0.text)|\($0.time?.timeIntervalSince1970 ?? 0)").inserted
            }
            let first = group[0]
            return Issuance(
                decisionID: first.record.id, time: first.record.observedAt, outcome: first.evidence.request.outcome ?? "unknown",
                serial: first.evidence.request.serialNumber,
                entries: Self.inReadingOrder(own + (inputs[index] ?? [])))
        }
        self.unattached = unattached
    }

    /// The text a domain owner reads: one block per issuance, then the unattached inputs.
    public var lines: [String] {
        var lines: [String] = []
        if issuances.isEmpty && unattached.isEmpty { return ["No issuance decision or input about \(domain)."] }
        for issuance in issuances {
            lines.append("Issuance \(issuance.title)")
            lines += issuance.entries.map(Self.line)
            lines.append("")
        }
        if !unattached.isEmpty {
            lines.append("Not tied to an issuance decision")
            lines += unattached.map(Self.line)
        } else if lines.last == "" {
            lines.removeLast()
        }
        return lines
    }

    /// `  2026-11-28T09:14:58Z  validation   http-01 remote rva-use2: valid  [3f2a9c01b2d4]`.
    static func line(_ entry: Entry) -> String {
        func pad(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(0, width - text.count)) }
        let time = entry.time.map(Timestamp.format) ?? "—"
        return "  \(pad(time, 24))  \(pad(entry.step.label, 12)) \(entry.text)  [\(entry.recordID.prefix(12))]"
    }

    private static func inReadingOrder(_ entries: [Entry]) -> [Entry] {
        entries.enumerated().sorted { a, b in
            if a.element.step != b.element.step { return a.element.step < b.element.step }
            let (ta, tb) = (a.element.time ?? .distantPast, b.element.time ?? .distantPast)
            return ta != tb ? ta < tb : a.offset < b.offset
        }.map(\.element)
    }

    /// An `issuance.decision` record and what it says.
    private struct Decision {
        let record: EvidenceRecord
        let evidence: IssuanceDecisionEvidence
    }

    /// The first issuance at or after the record (an input is used by the decision that follows it).
    private static func nextGroup(after record: EvidenceRecord, in groups: [[Decision]]) -> [Int] {
        groups.firstIndex { $0[0].record.observedAt >= record.observedAt }.map { [$0] } ?? []
    }

    /// Serials compare as lowercase hex without leading zeros (DER may pad one zero byte).
    static func serial(_ value: String?) -> String? {
        guard let text = value?.lowercased().replacingOccurrences(of: ":", with: ""), !text.isEmpty else { return nil }
        let trimmed = text.drop { $0 == "0" }
        return trimmed.isEmpty ? "0" : String(trimmed)
    }

    private static func names(_ certificate: CertificateEvidence, include domain: String) -> Bool {
        let names = (certificate.names ?? []).map { $0.lowercased() }
        return names.contains(domain) || names.contains("*.\(domain)")
    }
}
