import EvidenceStore
import Foundation

/// `vigil push` and `vigil pull`: git remotes are the transport between collectors and the sequencer.
extension Pipeline {
    /// The remote named on the command line, else vigil.yaml's `remote:`.
    public func remote(_ explicit: String?) throws(VigilError) -> String {
        guard let remote = explicit ?? configuration.remote else {
            throw .usage("name a remote: a URL (ssh://, https://, git://, a path) or a remote of the store, or set 'remote:' in vigil.yaml")
        }
        return remote
    }

    /// Pushes this workspace's branch: a collector's `collect/<name>`, or the central signed log.
    /// - Returns: the branch pushed.
    @discardableResult
    public func push(to remote: String) throws(VigilError) -> String {
        let lock = try workspace.lock(timeout: lockTimeout)
        defer { withExtendedLifetime(lock) {} }
        let (store, collector) = try workspace.openStoreOfEitherRole()
        try storeCall { () throws(StoreError) in try store.pushHead(to: remote, credentials: GitCredentialHelper.credentials) }
        return collector.map { "collect/\($0)" } ?? "the signed log"
    }

    /// Fetches every collector branch of `remote` into the central workspace for `sequence`.
    /// - Returns: the collector branches now fetched.
    public func pull(from remote: String) throws(VigilError) -> [FetchedBranch] {
        let lock = try workspace.lock(timeout: lockTimeout)
        defer { withExtendedLifetime(lock) {} }
        let store = try workspace.openStore()
        return try storeCall { () throws(StoreError) in
            try store.pullCollectorBranches(from: remote, credentials: GitCredentialHelper.credentials)
            return try store.fetchedBranches()
        }
    }
}
