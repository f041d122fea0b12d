import EvidenceModel
import Foundation

/// Replaces a file so that a reader sees the old bytes or the new, never a half-written file:
/// a temporary file in the same folder (same file system), flushed, then renamed over the target.
/// Bytes may be appended in pieces (a large report); until ``commit()`` the target is untouched,
/// and a writer dropped uncommitted removes its temporary file.
public final class AtomicFile {
    private let url: URL
    /// How errors name the file: as the user wrote it, for a path from the command line.
    private let name: String
    private let temporary: URL
    private var fd: Int32

    /// A file the user named is `named` as they wrote it, and its folder must exist already.
    public init(replacing url: URL, mode: mode_t = 0o644, named: String? = nil) throws(VigilError) {
        let folder = url.deletingLastPathComponent()
        if named == nil {
            do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
                throw .io("cannot create \(folder.path): \(FileProblem(error, path: folder.path))")
            }
        }
        self.url = url
        name = named ?? url.path
        temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: .min ... .max)).tmp")
        fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw .io("cannot write \(name): \(FileProblem(errno: errno, path: url.path))") }
    }

    deinit {
        guard fd >= 0 else { return }
        close(fd)
        unlink(temporary.path)
    }

    /// The whole of `data` in one go.
    static func write(_ data: Data, to url: URL, mode: mode_t = 0o644) throws(VigilError) {
        let file = try AtomicFile(replacing: url, mode: mode)
        try file.append(data)
        try file.commit()
    }

    public func append(_ bytes: [UInt8]) throws(VigilError) {
        if let failure = bytes.withUnsafeBytes(append) { throw failure }
    }

    /// ``append(_:)-([UInt8])`` of a `Data`, without copying it first.
    public func append(_ data: Data) throws(VigilError) {
        if let failure = data.withUnsafeBytes(append) { throw failure }
    }

    /// `bytes` written over those at `offset`, appended before (room kept for what is known last).
    public func overwrite(_ bytes: [UInt8], at offset: Int) throws(VigilError) {
        if let failure = bytes.withUnsafeBytes({ write($0, at: offset) }) { throw failure }
    }

    /// All of `raw` appended, or why not.
    private func append(_ raw: UnsafeRawBufferPointer) -> VigilError? { write(raw, at: nil) }

    /// All of `raw` written at `offset` (nil: appended), or why not.
    private func write(_ raw: UnsafeRawBufferPointer, at offset: Int?) -> VigilError? {
        guard let base = raw.baseAddress else { return nil }
        var done = 0
        while done < raw.count {
            let n =
                offset.map { pwrite(fd, base + done, raw.count - done, off_t($0 + done)) }
                ?? Foundation.write(fd, base + done, raw.count - done)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return .io("cannot write \(name): \(FileProblem(errno: errno, path: url.path))") }
            done += n
        }
        return nil
    }

    /// Flushes the bytes to disk and puts them in place of the target.
    public func commit() throws(VigilError) {
        // The errno of the first step that failed: flushing, else renaming.
        let flushFailure: Int32? = fsync(fd) == 0 ? nil : errno
        close(fd)
        fd = -1
        if let code = flushFailure ?? (rename(temporary.path, url.path) == 0 ? nil : errno) {
            unlink(temporary.path)
            throw .io("cannot write \(name): \(FileProblem(errno: code, path: url.path))")
        }
    }
}
