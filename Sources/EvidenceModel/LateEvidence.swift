import Foundation

extension RunResult {
    /// The same result with each subject result's `late` set: the ids of its evidence logged after
    /// `asOf`. A check re-run for a past instant then says which verdicts rest on evidence that
    /// arrived afterwards, so backfilling is never silent.
    public func markingLate(loggedAt: [String: Date]) -> RunResult {
        var marked = self
        marked.markLate(loggedAt: loggedAt)
        return marked
    }

    /// ``markingLate(loggedAt:)`` in place. When nothing was logged after `asOf` (a check at the
    /// clock's now, or at an instant no later evidence reached), no id is looked up and no result is
    /// written: a run of 50k subjects was copied whole to write each an empty `late`.
    public mutating func markLate(loggedAt: [String: Date]) {
        let asOf = asOf
        let anyLate = loggedAt.values.contains { $0 > asOf }
        for c in controls.indices {
            for r in controls[c].results.indices {
                if anyLate {
                    let evidence = controls[c].results[r].evidence
                    controls[c].results[r].late = evidence.filter { id in loggedAt[id].map { $0 > asOf } ?? false }
                } else if !controls[c].results[r].late.isEmpty {
                    controls[c].results[r].late = []
                }
            }
        }
    }

    /// How many subject results rest on evidence logged after `asOf`.
    public var lateResultCount: Int { controls.reduce(0) { $0 + $1.results.filter { !$0.late.isEmpty }.count } }
}
