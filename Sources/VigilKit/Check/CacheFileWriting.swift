import Crypto
import Foundation

extension CacheFiles {
    /// A payload written to its file a piece at a time, as it is made, never held whole: the re-check
    /// memory of 400k KMS keys is 72 MB. The MAC comes first in the file (``payload(_:kind:bound:)``
    /// reads it so), so 32 bytes are kept for it and written over once the last piece is.
    ///
    /// Used by one thread at a time: the check that makes the pieces, then the write that finishes it.
    final class Writing: @unchecked Sendable {
        private let file: AtomicFile
        private var mac: HMAC<SHA256>
        private var failed = false

        fileprivate init(file: AtomicFile, mac: HMAC<SHA256>) throws(VigilError) {
            self.file = file
            self.mac = mac
            try file.append([UInt8](repeating: 0, count: CacheEntryMAC.size))
        }

        /// Appends a piece of the payload; a piece that cannot be written fails the whole file.
        func append(_ piece: [UInt8]) {
            guard !failed else { return }
            mac.update(data: piece)
            do { try file.append(piece) } catch { failed = true }
        }

        /// Puts the file in place, its MAC first: whether it was kept. Dropped without, it is not.
        func commit() -> Bool {
            guard !failed else { return false }
            do {
                try file.overwrite(Array(mac.finalize()), at: 0)
                try file.commit()
                return true
            } catch { return false }
        }
    }

    /// A payload of kind `kind` to write under `key` as it is made (nil when nothing can be kept).
    func writing(_ key: String, kind: Kind) -> Writing? {
        guard let mac = mac(kind) else { return nil }
        removeLeftovers()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            return try Writing(file: try AtomicFile(replacing: file(key, kind), mode: 0o600), mac: mac.started(key: key))
        } catch { return nil }
    }

    /// Removes the temporary files of writers that are gone: a check stopped while it wrote (a
    /// memory is written for as long as the check judges) left its file, up to 72 MB at 400k keys,
    /// which nothing reads. A file is a writer's by its name, `.<file>.<pid>.<n>.tmp` (``AtomicFile``);
    /// one whose process still runs is left alone.
    func removeLeftovers() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
        for name in names where name.hasPrefix(".") && name.hasSuffix(".tmp") {
            let parts = name.split(separator: ".")
            guard parts.count >= 4, let pid = pid_t(parts[parts.count - 3]), pid > 0 else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { unlink(folder.appendingPathComponent(name).path) }
        }
    }
}
