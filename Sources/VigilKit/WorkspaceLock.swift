import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// An exclusive lock on the workspace so that two collect runs never interleave.
///
/// It is an `flock` on `<home>/lock`: the kernel drops it when the process dies, so a crash never
/// leaves a stale lock behind.
public final class WorkspaceLock {
    private let descriptor: Int32

    /// Waits up to `timeout` seconds for the lock, then fails with a message naming the lock file.
    public init(at url: URL, timeout: TimeInterval, now: () -> Date = Date.init) throws(VigilError) {
        let fd = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .io("cannot open lock file \(url.path): \(String(cString: strerror(errno)))") }
        let deadline = now().addingTimeInterval(timeout)
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, now() < deadline else {
                close(fd)
                throw .usage(
                    "another vigil run holds the workspace lock \(url.path); waited \(Int(timeout))s (set VIGIL_LOCK_TIMEOUT to wait longer)")
            }
            usleep(50_000)
        }
        descriptor = fd
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
