internal import CGit2

/// A libgit2 call that failed: the C function, its return code and libgit2's own message.
public struct GitError: Error, Sendable, Equatable, CustomStringConvertible {
    public let function: String
    public let code: Int32
    public let message: String

    public var description: String { "\(function) failed (\(code)): \(message)" }

    /// Turns a libgit2 return code into an error naming the function that returned it.
    @discardableResult
    static func check(_ code: Int32, _ function: String) throws(GitError) -> Int32 {
        guard code < 0 else { return code }
        throw GitError(function: function, code: code, message: lastMessage())
    }

    static func nullResult(_ function: String) -> GitError {
        GitError(function: function, code: -1, message: "returned no object")
    }

    private static func lastMessage() -> String {
        guard let last = git_error_last(), let text = last.pointee.message else { return "unknown error" }
        return String(cString: text)
    }

    var isNotFound: Bool { code == GIT_ENOTFOUND.rawValue || code == GIT_EUNBORNBRANCH.rawValue }
}

/// libgit2 must be initialised once per process before any other call.
///
/// fsync is switched on: packs, indexes and refs reach the disk before they are renamed into place,
/// so a power cut cannot leave a ref pointing at an object that was never written.
enum GitRuntime {
    private static let initialized: Bool =
        git_libgit2_init() > 0 && cgit2_enable_fsync(1) == 0
        && cgit2_limit_pack_windows(packWindow, mappedPacks) == 0
        && cgit2_limit_object_cache(objectCache) == 0

    /// libgit2 maps packs in windows of 1 GiB, up to 8 GiB, and every page it touched counts in the
    /// process's memory: reading back a collect's 200k records mapped its whole pack (+240 MB).
    /// Windows of 16 MiB, at most 64 MiB mapped, least recently used unmapped first: measured on a
    /// 400k-record store, `index rebuild` 411 MiB at the same speed as 32/256's 573 MiB, and a
    /// chain's read-back faster too.
    static let packWindow = 16 << 20
    static let mappedPacks = 64 << 20
    /// libgit2 keeps up to 256 MiB of parsed trees and commits for reuse; a sync of a chain reads
    /// each subject's folder once per commit, so the cache filled up and stayed full (+280 MB at the
    /// peak of a 200k-record collect in four commits). The limit counts the objects' bytes, not what
    /// parsing them allocates: a subject's folder of ~150 bytes holds ~600, so 16 MiB held ~70 MB
    /// of a 1M-line collect's peak. 4 MiB keeps the folders a commit rereads one after another.
    static let objectCache = 4 << 20

    static func ensureInitialized() { _ = initialized }
}
