import EvidenceStore
import Foundation

/// Where long work says how it is going. `notice` is for what a user must hear even from cron (the
/// index had fallen behind the log); `detail` is the running count, for a terminal only. The
/// command line decides where each goes; the layers below only report.
public struct ProgressMessages: Sendable {
    public let notice: @Sendable (String) -> Void
    public let detail: @Sendable (String) -> Void
    /// Where long work is, for a progress bar on a terminal.
    public let step: @Sendable (ProgressStep) -> Void

    public init(
        notice: @escaping @Sendable (String) -> Void, detail: @escaping @Sendable (String) -> Void,
        step: @escaping @Sendable (ProgressStep) -> Void = { _ in }
    ) {
        self.notice = notice
        self.detail = detail
        self.step = step
    }

    public static let silent = ProgressMessages(notice: { _ in }, detail: { _ in })

    /// Below this many entries a sync is quick enough to need no running count.
    static let countedEntries = 1024

    /// What an index sync reports to. `expected` is how many root log entries this process itself
    /// caused (the subjects it just appended; nil when every entry is expected, as in a rebuild):
    /// any more were left by an interrupted or concurrent run, and that is said once as a notice,
    /// with how far it got when done. Every batch moves the progress bar; a long sync says its total.
    func indexSync(expected: Int?) -> (IndexSyncProgress) -> Void {
        var noticed = false
        return { step in
            let behind = expected.map { step.entries > $0 } ?? false
            if behind && !noticed {
                noticed = true
                notice("the index lacks \(step.entries) entries of the signed log (an earlier run was interrupted, or one is still running); indexing them now")
            }
            self.step(
                ProgressStep(
                    task: "indexing", done: step.indexed, total: step.entries, unit: "log entries",
                    note: "\(step.records) records"))
            guard step.indexed == step.entries, step.entries >= Self.countedEntries else { return }
            let done = "indexed \(step.entries) log entries (\(step.records) records)"
            if behind { notice(done) } else { detail(done) }
        }
    }
}

/// How far one piece of long work has come: `done` of `total` `unit`s, and a note (records so far).
public struct ProgressStep: Sendable, Equatable {
    public let task: String
    public let done: Int
    public let total: Int
    public let unit: String
    public let note: String

    public init(task: String, done: Int, total: Int, unit: String, note: String = "") {
        self.task = task
        self.done = done
        self.total = total
        self.unit = unit
        self.note = note
    }

    /// `verifying the log [#####···············] 5/20 commits · 2.1/s · 812 records`: 20 cells of
    /// bar, the rate once a second has passed.
    public func barText(elapsed: TimeInterval) -> String {
        let fraction = total > 0 ? min(1, max(0, Double(done) / Double(total))) : 0
        let filled = Int((fraction * 20).rounded(.down))
        var text = "\(task) [\(String(repeating: "#", count: filled))\(String(repeating: "·", count: 20 - filled))] "
        text += "\(done)/\(total) \(unit)"
        if elapsed >= 1 { text += " · \(Self.rate(Double(done) / elapsed))/s" }
        if !note.isEmpty { text += " · \(note)" }
        return text
    }

    static func rate(_ perSecond: Double) -> String {
        perSecond >= 10_000
            ? "\(Int((perSecond / 1000).rounded()))k"
            : perSecond >= 1000 ? "\(Double(Int(perSecond / 100)) / 10)k" : "\(Double(Int(perSecond * 10)) / 10)"
    }
}
