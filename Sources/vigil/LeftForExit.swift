/// What a command is done with, left for the process's exit to free at once: a check of 50k subjects
/// spent a sixteenth of its time freeing its run, result by result, after the report was written.
/// Only for one-shot commands: the TUI keeps running and would keep every run.
enum LeftForExit {
    /// Written by the command's own thread only, once its output is written.
    nonisolated(unsafe) private static var kept: [Any] = []

    static func keep(_ value: Any) {
        kept.append(value)
    }
}
