import EvidenceModel
import Foundation

/// `issuer_diversity`: each domain had certificates from at least `min_issuers` distinct CAs within
/// `within` — a second CA ready when the first one fails or is distrusted.
///
/// ```yaml
/// evidence: certificate
/// check: {type: issuer_diversity, min_issuers: 2, within: 90d, group_by: organization}
/// ```
/// The subjects are domains, not certificates: every end-entity certificate counts for
/// `domain:<name>` of each DNS name it carries (lowercased; IP addresses are not judged). A
/// certificate counts when its validity overlaps the last `within` before the instant.
///
/// An issuer is, by default (`group_by: issuer`), the issuer DN together with the authority key
/// identifier: one issuing key. Two intermediates of the same CA (Let's Encrypt's R10 and R11) are
/// then two issuers, which is not independence; `group_by: organization` groups by the issuer's `O=`
/// instead (the DN when it has none). Real CA-owner grouping needs the CCADB and is not attempted.
public struct IssuerDiversityCheck: RelatedEvidenceCheck, SubjectKeyedCheck {
    public static let type = "issuer_diversity"

    public enum Grouping: String, Sendable, CaseIterable { case issuer, organization }

    public let minIssuers: Int
    public let within: EvidenceDuration
    public let grouping: Grouping

    public init(minIssuers: Int = 2, within: EvidenceDuration, grouping: Grouping = .issuer) {
        self.minIssuers = minIssuers
        self.within = within
        self.grouping = grouping
    }

    public init?(parameters: inout CheckParameters) {
        let minIssuers = parameters.wholeNumber("min_issuers") ?? 2
        let within = parameters.duration("within")
        var grouping = Grouping.issuer
        if let value = parameters.optional("group_by") {
            if let parsed = value.stringValue.flatMap(Grouping.init(rawValue:)) {
                grouping = parsed
            } else {
                parameters.report("group_by", "expected issuer or organization, found \(value.stringValue ?? value.typeName)")
            }
        }
        guard let within, parameters.problems.isEmpty else { return nil }
        self.init(minIssuers: minIssuers, within: within, grouping: grouping)
    }

    public func subjects(of record: EvidenceRecord) -> [String] {
        let certificate = CertificateFacts(record: record)
        guard record.kind == EvidenceKind.certificate, certificate.notApplicableReason == nil else { return [] }
        return certificate.dnsNames.map { "domain:" + $0.lowercased() }
    }

    public func judge(_ records: [EvidenceRecord], related: RelatedEvidence, at instant: Date) -> CheckVerdict {
        // The newest observation of each certificate that names this domain.
        var newest: [String: EvidenceRecord] = [:]
        for record in related.history(of: EvidenceKind.certificate) { newest[record.subject] = record }
        let since = instant.addingTimeInterval(-within.seconds)
        let current = newest.values.map(CertificateFacts.init).filter { certificate in
            guard let notAfter = certificate.notAfter, let notBefore = certificate.notBefore else { return false }
            return notAfter >= since && notBefore <= instant
        }
        guard !current.isEmpty else {
            return CheckVerdict(
                status: .fail,
                reason: "no certificate for \(related.subject) valid within the last \(within) "
                    + "(\(newest.count) older certificate\(newest.count == 1 ? "" : "s"))"
            ).citing(newest.values.sorted { $0.subject < $1.subject })
        }
        let groups = Dictionary(grouping: current, by: issuer).sorted { $0.key < $1.key }
        let listed = groups.map { "\($0.key) (\($0.value.count) certificate\($0.value.count == 1 ? "" : "s"))" }
        let kind = grouping == .issuer ? "issuer" : "issuing organization"
        let reason =
            "\(groups.count) distinct \(kind)\(groups.count == 1 ? "" : "s") within \(within), "
            + "\(minIssuers) required: " + listed.joined(separator: "; ")
        let cited = current.map(\.record).sorted { ($0.observedAt, $0.subject) < ($1.observedAt, $1.subject) }
        return CheckVerdict(status: groups.count >= minIssuers ? .pass : .fail, reason: reason).citing(cited)
    }

    /// `CN=R11,O=Let's Encrypt,C=US [key 5f2d…]`, or `Let's Encrypt` when grouping by organization.
    private func issuer(_ certificate: CertificateFacts) -> String {
        switch grouping {
        case .issuer:
            return certificate.issuerDN + " [key " + (certificate.authorityKeyID.map { String($0.prefix(8)) + "…" } ?? "unknown") + "]"
        case .organization:
            return Self.organization(in: certificate.issuerDN) ?? certificate.issuerDN
        }
    }

    /// The `O=` value of an RFC 4514 DN (escaped commas kept).
    static func organization(in dn: String) -> String? {
        var parts: [String] = []
        var current = ""
        var escaped = false
        for character in dn {
            if escaped { current.append(character); escaped = false; continue }
            if character == "\\" { escaped = true; current.append(character); continue }
            if character == "," { parts.append(current); current = ""; continue }
            current.append(character)
        }
        parts.append(current)
        return parts.first { $0.hasPrefix("O=") }.map { String($0.dropFirst(2)).replacingOccurrences(of: "\\", with: "") }
    }
}
