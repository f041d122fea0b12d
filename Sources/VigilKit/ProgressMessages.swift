import EvidenceStore
import Foundation

/// Where long work says how it is going. `notice` is for what a user must hear even from cron (the
/// index had fallen behind the log); `detail` is the running count, for a terminal only. The
/// command line decides where each goes; the layers below only report.
public struct ProgressMessages: Sendable {
    public let notice: @Sendable (String) -> Void
    public let detail: @Sendable (String) -> Void

    public init(notice: @escaping @Sendable (String) -> Void, detail: @escaping @Sendable (String) -> Void) {
        self.notice = notice
        self.detail = detail
    }

    public static let silent = ProgressMessages(notice: { _ in }, detail: { _ in })

    /// Below this many entries a sync is quick enough to need no running count.
    static let countedEntries = 1024

    /// What an index sync reports to. `expected` is how many root log entries this process itself
    /// caused (the subjects it just appended; nil when every entry is expected, as in a rebuild):
    /// any more were left by an interrupted or concurrent run, and that is said once as a notice,
    /// with how far it got when done. Long syncs also give a count at every tenth.
    func indexSync(expected: Int?) -> (IndexSyncProgress) -> Void {
        var reportedTenth = 0
        var noticed = false
        return { step in
            let behind = expected.map { step.entries > $0 } ?? false
            if behind && !noticed {
                noticed = true
                notice("the index lacks \(step.entries) entries of the signed log (an earlier run was interrupted, or one is still running); indexing them now")
            }
            guard step.entries >= Self.countedEntries else { return }
            let tenth = step.indexed * 10 / step.entries
            if tenth > reportedTenth && step.indexed < step.entries {
                reportedTenth = tenth
                detail("indexed \(step.indexed) of \(step.entries) log entries (\(step.records) records)")
            }
            if step.indexed == step.entries {
                let done = "indexed \(step.entries) log entries (\(step.records) records)"
                if behind { notice(done) } else { detail(done) }
            }
        }
    }
}
