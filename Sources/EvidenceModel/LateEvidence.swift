import Foundation

extension RunResult {
    /// The same result with each subject result's `late` set: the ids of its evidence logged after
    /// `asOf`. A check re-run for a past instant then says which verdicts rest on evidence that
    /// arrived afterwards, so backfilling is never silent.
    public func markingLate(loggedAt: [String: Date]) -> RunResult {
        var marked = self
        for c in marked.controls.indices {
            for r in marked.controls[c].results.indices {
                let evidence = marked.controls[c].results[r].evidence
                marked.controls[c].results[r].late = evidence.filter { id in loggedAt[id].map { $0 > asOf } ?? false }
            }
        }
        return marked
    }

    /// How many subject results rest on evidence logged after `asOf`.
    public var lateResultCount: Int { controls.reduce(0) { $0 + $1.results.filter { !$0.late.isEmpty }.count } }
}
