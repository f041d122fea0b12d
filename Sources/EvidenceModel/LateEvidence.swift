import Foundation

extension RunResult {
    /// The same result with each subject result's `late` set: the ids of its evidence logged after
    /// `asOf`. A check re-run for a past instant then says which verdicts rest on evidence that
    /// arrived afterwards, so backfilling is never silent.
    public func markingLate(loggedAt: [String: Date]) -> RunResult {
        let controls = controls.map { control in
            ControlResult(
                id: control.id, title: control.title, severity: control.severity, frameworks: control.frameworks,
                results: control.results.map { result in
                    var result = result
                    result.late = result.evidence.filter { id in loggedAt[id].map { $0 > asOf } ?? false }
                    return result
                },
                error: control.error, freshness: control.freshness)
        }
        var marked = RunResult(
            asOf: asOf, checkpoint: checkpoint, controls: controls, scopeGaps: scopeGaps, acceptances: acceptances,
            history: history)
        marked.knownAt = knownAt
        return marked
    }

    /// How many subject results rest on evidence logged after `asOf`.
    public var lateResultCount: Int { controls.reduce(0) { $0 + $1.results.filter { !$0.late.isEmpty }.count } }
}
