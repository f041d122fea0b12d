import EvidenceModel
import EvidenceStore
import Foundation

/// What `vigil upgrade` did.
public struct UpgradeReport: Sendable {
    public let commits: Int
    public let records: Int
    /// Where the store of the old format was kept.
    public let keptAt: URL
}

extension Pipeline {
    /// Rebuilds a store of an older format (no logged times) in the current one, or a store of
    /// folders as one of batches (`layout`): replays every commit's records and raw inputs, in
    /// order, with the commit's own time as logged time (a format 2 store's logged times are its
    /// commits' times, so they are kept), signing a checkpoint per commit with the workspace's keys.
    /// The old store is kept beside the new one (`store.v1`, `store.v2`); checkpoints it signed
    /// verify against it, not against the new log.
    public func upgradeStore(to layout: Workspace.StoreKind? = nil) throws(VigilError) -> UpgradeReport {
        let lock = try WorkspaceLock(at: workspace.lockURL, timeout: lockTimeout, waiting: workspace.progress.detail)
        defer { withExtendedLifetime(lock) {} }
        let old = try workspace.openStoreOfAnyFormat()
        let version = try storeCall { () throws(StoreError) in try old.formatVersion() }
        let target = layout?.formatVersion ?? StoreLayout.formatVersion
        guard version < target, version < StoreLayout.batchedFormatVersion else {
            throw .usage("\(workspace.storeURL.path) is already in store format \(version): nothing to upgrade")
        }
        let signing = try workspace.signing()
        let files = FileManager.default
        let fresh = workspace.home.appendingPathComponent("store.upgrading")
        try? files.removeItem(at: fresh)
        var commits = 0
        var records = 0
        try storeCall { () throws(StoreError) in
            guard let first = try old.history().first else { throw .log("the store has no commits") }
            let new = try EvidenceStore.create(at: fresh, at: first.time, signing: signing, formatVersion: target)
            // A session a commit, at the commit's time: records are staged a piece at a time.
            var session: AppendSession?
            try old.forEachCommitsAdditions { addition throws(StoreError) in
                switch addition {
                case .begin(let commit, let raws):
                    session = try AppendSession(store: new, signing: signing, at: commit.time, recordsPerCommit: configuration.limits.recordsPerCommit)
                    for raw in raws { session?.share(raw: .bytes(raw)) }
                case .records(let piece):
                    try session?.add(piece)
                    records += piece.count
                case .end(let commit):
                    if try session?.finish(message: commit.message).commit != nil { commits += 1 }
                    session = nil
                }
            }
        }
        var kept = workspace.home.appendingPathComponent("store.v\(version)")
        if files.fileExists(atPath: kept.path) {
            kept = workspace.home.appendingPathComponent("store.v\(version)-\(Int(now.timeIntervalSince1970))")
        }
        do {
            try files.moveItem(at: workspace.storeURL, to: kept)
            try files.moveItem(at: fresh, to: workspace.storeURL)
            for suffix in ["", "-wal", "-shm"] { try? files.removeItem(atPath: workspace.indexURL.path + suffix) }
        } catch {
            throw .io("cannot put the upgraded store in place: \(FileProblem(error, path: workspace.storeURL.path)) (the old one is at \(kept.path))")
        }
        _ = try rebuildIndexHoldingLock()
        return UpgradeReport(commits: commits, records: records, keptAt: kept)
    }
}
