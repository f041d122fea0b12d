import Crypto
import Foundation

extension KeyRing {
    /// The secret that authenticates the TUI's cached evaluations (`keys/evaluation-cache.secret`,
    /// 32 random bytes, mode 0600), created on first use; nil when it can be neither read nor made.
    func cacheSecret() -> SymmetricKey? {
        let url = folder.appendingPathComponent("evaluation-cache.secret")
        if let data = FileManager.default.contents(atPath: url.path), data.count == 32 { return SymmetricKey(data: data) }
        let fresh = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            guard FileManager.default.createFile(atPath: url.path, contents: fresh, attributes: [.posixPermissions: 0o600]) else {
                return nil
            }
        } catch { return nil }
        // Another process may have created it first: use whatever is on disk.
        guard let data = FileManager.default.contents(atPath: url.path), data.count == 32 else { return nil }
        return SymmetricKey(data: data)
    }
}
