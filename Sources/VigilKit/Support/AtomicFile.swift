import EvidenceModel
import Foundation

/// Replaces a file so that a reader sees the old bytes or the new, never a half-written file:
/// a temporary file in the same folder (same file system), flushed, then renamed over the target.
enum AtomicFile {
    static func write(_ data: Data, to url: URL, mode: mode_t = 0o644) throws(VigilError) {
        let folder = url.deletingLastPathComponent()
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            throw .io("cannot create \(folder.path): \(FileProblem(error, path: folder.path))")
        }
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: .min ... .max)).tmp")
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw .io("cannot create \(temporary.path): \(String(cString: strerror(errno)))") }
        let written = data.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd) == 0
        close(fd)
        guard written == data.count, synced, rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary.path)
            throw .io("cannot write \(url.path): \(reason)")
        }
    }
}
