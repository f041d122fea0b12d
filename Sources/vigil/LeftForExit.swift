import Synchronization

/// What a command is done with, left for the process's exit to free at once: a check of 50k subjects
/// spent a sixteenth of its time freeing its run, result by result, after the report was written.
/// Only for one-shot commands: the TUI keeps running and would keep every run.
enum LeftForExit {
    private static let kept = Mutex<[any Sendable]>([])

    static func keep(_ value: some Sendable) {
        kept.withLock { $0.append(value) }
    }
}
