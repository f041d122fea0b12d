import EvidenceModel

/// Why the evidence store could not do what was asked.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    case git(GitError)
    case notAStore(path: String, reason: String)
    case corruptRecord(path: String, reason: String)
    case index(path: String, reason: String)
    /// The two-level log could not be extended or read (a damaged or foreign store, no key).
    case log(String)
    /// The store contradicts its own log or signatures: something was changed after the fact.
    case tampered(String)
    /// A push to or fetch from a git remote failed (unreachable, refused, no credentials).
    case remote(remote: String, reason: String)
    /// A file the store writes while it works (records waiting for their commit) failed.
    case staging(path: String, reason: String)

    public var description: String {
        switch self {
        case .git(let error): "git store: \(error)"
        case .notAStore(let path, let reason): "\(path) is not a Vigil evidence store: \(reason)"
        case .corruptRecord(let path, let reason): "store record \(path) is corrupt: \(reason)"
        case .index(let path, let reason): "index \(path): \(reason)"
        case .log(let reason): "log: \(reason)"
        case .tampered(let reason): reason
        case .remote(let remote, let reason): "remote \(remote): \(reason)"
        case .staging(let path, let reason): "\(path): \(reason)"
        }
    }
}

/// Runs a libgit2-backed body, turning its `GitError` into a `StoreError`.
func gitCall<T>(_ body: () throws(GitError) -> T) throws(StoreError) -> T {
    do { return try body() } catch { throw .git(error) }
}
