import EvidenceModel
import Foundation

/// One control judging one subject: missing, stale, or the check's verdict (DESIGN §5).
///
/// State kinds contribute the subject's newest collection of each kind, judged together; event
/// kinds contribute each event inside the control's window, judged one by one. The worst verdict
/// wins and the reason names it.
struct SubjectJudgement {
    let control: Control
    let check: any ControlCheck
    let index: VisibleEvidence

    func judge(_ subject: String) -> SubjectResult {
        let instant = index.instant
        var history: [EvidenceRecord] = []
        var state: [EvidenceRecord] = []
        var events: [EvidenceRecord] = []
        let windowStart = instant.addingTimeInterval(-control.eventWindow.seconds)
        let judgedKinds = Self.judgedKinds(of: control, check)
        for kind in judgedKinds {
            let records = index.records(kind: kind, subject: subject, origin: control.origin)
            history += records
            if EvidenceKind.isEvent(kind) {
                events += records.filter { $0.observedAt > windowStart }
            } else {
                state += VisibleEvidence.newestCollection(records)
            }
        }
        let kinds = judgedKinds.joined(separator: ", ")
        guard let newest = history.map(\.observedAt).max() else {
            let observed = control.origin == .observed ? "observed " : ""
            return SubjectResult(subject: subject, status: .missing, reason: "no \(observed)\(kinds) evidence")
        }
        let judged = state + events
        if let freshness = control.freshness,
            let reason = FreshnessPolicy(limit: freshness).staleReason(newest: newest, at: instant)
        {
            let shown = judged.isEmpty ? history.filter { $0.observedAt == newest } : judged
            return SubjectResult(subject: subject, status: .stale, reason: reason, evidence: shown.map(\.id))
        }
        if judged.isEmpty {
            let age = instant.timeIntervalSince(newest).humanAge
            return SubjectResult(
                subject: subject, status: .stale,
                reason: "no \(kinds) event in the last \(control.eventWindow) (newest \(age) old)",
                evidence: history.filter { $0.observedAt == newest }.map(\.id))
        }
        return verdict(subject, state: state, events: events.sorted { $0.observedAt < $1.observedAt })
    }

    private func verdict(_ subject: String, state: [EvidenceRecord], events: [EvidenceRecord]) -> SubjectResult {
        let instant = index.instant
        var units: [(records: [EvidenceRecord], verdict: CheckVerdict, isEvent: Bool)] = []
        if !state.isEmpty { units.append((state, judge(state, subject), false)) }
        for event in events { units.append(([event], judge([event], subject), true)) }
        let status = Status.worst(of: units.map(\.verdict.status))
        let worst = units.filter { $0.verdict.status == status }
        guard let shown = worst.last else {
            return SubjectResult(subject: subject, status: .error, reason: "nothing to judge")
        }
        if events.isEmpty {
            return SubjectResult(
                subject: subject, status: status, reason: shown.verdict.reason,
                evidence: ids(shown.records, shown.verdict))
        }
        let window = "in the last \(control.eventWindow)"
        let eventCount = "\(events.count) event\(events.count == 1 ? "" : "s") \(window)"
        let reason: String
        if status == .pass || status == .notApplicable {
            reason =
                "\(eventCount), all \(status == .pass ? "pass" : "not applicable"); newest: "
                + (units.last?.verdict.reason ?? "")
        } else {
            // Name the event's time unless the check's reason already does (MPIC attempts name theirs).
            let time = Timestamp.format(shown.records.first?.observedAt ?? instant)
            let named = !shown.isEvent ? "current state" : shown.verdict.reason.contains(time) ? "event" : "event at \(time)"
            reason =
                "\(worst.count) of \(units.count) judged \(status.rawValue) (\(eventCount)); worst: \(named): "
                + shown.verdict.reason
        }
        let evidence = (status == .pass ? units : worst).flatMap { ids($0.records, $0.verdict) }
        return SubjectResult(subject: subject, status: status, reason: reason, evidence: evidence)
    }

    /// The control's kinds whose records are judged: all of them, unless a related-evidence check reads
    /// some only as inputs.
    static func judgedKinds(of control: Control, _ check: any ControlCheck) -> [String] {
        (check as? any RelatedEvidenceCheck)?.kindsJudged(of: control) ?? control.evidence
    }

    /// The check's verdict, with the related evidence at hand for checks that look beyond the subject.
    private func judge(_ records: [EvidenceRecord], _ subject: String) -> CheckVerdict {
        guard let looking = check as? any RelatedEvidenceCheck else { return check.judge(records, at: index.instant) }
        let related = RelatedEvidence(subject: subject, index: index, kinds: control.evidence, origin: control.origin)
        return looking.judge(records, related: related, at: index.instant)
    }

    /// The judged records' ids, then those the verdict cites, each once. A ``SubjectKeyedCheck``'s records
    /// are only a view of its derived subject; what it cites is what the verdict rests on.
    private func ids(_ records: [EvidenceRecord], _ verdict: CheckVerdict) -> [String] {
        if check is any SubjectKeyedCheck, !verdict.related.isEmpty { return verdict.related }
        var seen: Set<String> = []
        return (records.map(\.id) + verdict.related).filter { seen.insert($0).inserted }
    }
}
