import EvidenceModel
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// An exclusive lock on the workspace so that two collect runs never interleave.
///
/// It is an `flock` on `<home>/lock`: the kernel drops it when the process dies, so a crash never
/// leaves a stale lock behind. The holder writes its pid and since when into the file, so a run
/// that has to wait can say for whom.
public final class WorkspaceLock {
    private let descriptor: Int32

    /// How long a run waits in silence before saying what it waits for.
    static let quietWait: TimeInterval = 1

    /// Waits up to `timeout` seconds for the lock, then fails with a message naming the lock file.
    /// - Parameter waiting: told once, after a second, what the run waits for and since when.
    public init(
        at url: URL, timeout: TimeInterval, now: () -> Date = Date.init, waiting: (String) -> Void = { _ in }
    ) throws(VigilError) {
        let fd = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .io("cannot open lock file \(url.path): \(String(cString: strerror(errno)))") }
        let start = now()
        let deadline = start.addingTimeInterval(timeout)
        var told = false
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, now() < deadline else {
                let holder = Self.holder(fd)
                close(fd)
                throw .usage(
                    "another vigil run holds the workspace lock \(url.path)\(holder); waited \(Int(timeout))s (set VIGIL_LOCK_TIMEOUT to wait longer)")
            }
            if !told, now().timeIntervalSince(start) >= Self.quietWait {
                told = true
                waiting("waiting for the workspace lock \(url.path)\(Self.holder(fd)), up to \(Int(timeout))s")
            }
            usleep(50_000)
        }
        descriptor = fd
        let note = "pid \(getpid()) since \(Timestamp.format(now()))\n"
        _ = ftruncate(fd, 0)
        _ = note.withCString { pwrite(fd, $0, strlen($0), 0) }
    }

    /// ", held by pid 123 since 2026-12-04T01:00:00Z", from what the holder wrote; empty when unknown.
    static func holder(_ fd: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 128)
        let count = pread(fd, &buffer, buffer.count, 0)
        guard count > 0 else { return "" }
        let text = String(decoding: buffer[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("pid "), !text.contains("\n") else { return "" }
        return ", held by \(UntrustedText.escaped(text))"
    }

    deinit {
        _ = ftruncate(descriptor, 0)
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
