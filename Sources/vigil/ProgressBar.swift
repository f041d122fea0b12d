import Foundation
import VigilKit

#if canImport(Glibc)
    import Glibc
#endif

/// A progress bar on stderr, for a terminal: `verifying the log [#####·····] 5/10 commits · 2.1/s · 812 records`.
///
/// Redrawn at most ten times a second and erased when the work is done, so the command's own
/// summary line follows on a clean line. Messages printed meanwhile erase it first (``Console``).
final class ProgressBar: @unchecked Sendable {
    static let shared = ProgressBar()

    private let lock = NSLock()
    private let now: () -> Date
    private var started: (task: String, at: Date)?
    private var lastDraw = Date.distantPast
    private(set) var isVisible = false

    init(now: @escaping () -> Date = Date.init) { self.now = now }

    func show(_ step: ProgressStep) {
        lock.lock()
        defer { lock.unlock() }
        let time = now()
        if started?.task != step.task { started = (step.task, time) }
        if step.total > 0, step.done >= step.total {
            eraseLocked()
            started = nil
            return
        }
        guard time.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = time
        let elapsed = time.timeIntervalSince(started?.at ?? time)
        write("\r\u{1B}[2K" + step.barText(elapsed: elapsed))
        isVisible = true
    }

    /// Erases the bar (before a message takes its line).
    func erase() {
        lock.lock()
        defer { lock.unlock() }
        eraseLocked()
    }

    private func eraseLocked() {
        guard isVisible else { return }
        write("\r\u{1B}[2K")
        isVisible = false
    }

    private func write(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }
}
