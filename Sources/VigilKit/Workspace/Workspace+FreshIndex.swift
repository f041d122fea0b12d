import EvidenceStore
import Foundation
import MerkleLog

extension Workspace {
    /// Whether a sync adding `appended` records is cheaper as a new index than into the one holding
    /// `indexed()` records (``freshIndexMinimum``).
    ///
    /// Rows added to a large index one transaction at a time land on pages all over its five
    /// subject- and id-ordered b-trees: once those outgrew SQLite's 64 MiB cache, each transaction
    /// read and rewrote most of their pages (400k KMS keys into a new workspace: 53 s of a 111 s
    /// collect, mostly copying pages in and out of the WAL). A new index is filled without its
    /// record indexes and sorts them once at the end.
    func isWorthIndexingAfresh(_ appended: Int, indexed: () throws(StoreError) -> Int) throws(VigilError) -> Bool {
        guard appended >= freshIndexMinimum else { return false }
        return try storeCall { () throws(StoreError) in try indexed() } * 4 <= appended
    }

    /// Builds a new index beside the current one from HEAD's signed log and copies it in
    /// (``EvidenceIndex/copyContent(ofIndexAt:)``). Its rows are verified against the signed log as
    /// they are written, as a sealed index's are, so when the workspace's index then holds exactly
    /// the bytes built, it is sealed and the first check after it needs no whole audit. Records this
    /// process just appended are taken from where the append left them, as a sync takes them.
    ///
    /// Readers of the index keep their snapshot until the copy is committed. The caller holds the
    /// workspace lock.
    /// - Returns: the workspace's index, open.
    func indexAfresh(
        from store: EvidenceStore, appended: AppendedRecords = .none, progress report: (IndexSyncProgress) -> Void
    ) throws(VigilError) -> EvidenceIndex {
        let keys = try trustedKeys()
        let built: URL
        // The new index's bytes, when it was sealed as it was built.
        var verified: Data?
        do {
            // Closed at the end of this block: its WAL is copied back before it is read.
            let index = try storeCall { () throws(StoreError) in try EvidenceIndex.fresh(replacing: indexURL) }
            let sealed = try keepingSeal(of: index) { () throws(StoreError) in
                try index.fillingBeforeIndexing { () throws(StoreError) in
                    _ = try index.sync(with: store, trusting: keys, appended: appended, progress: report)
                }
            }
            // The bytes its seal vouches for, read again: the file could have changed since.
            if sealed, let secret = keyRing.cacheSecret() {
                let digest = try storeCall { () throws(StoreError) in try index.contentDigest() }
                if IndexSeal(index: index, secret: secret).holds(for: digest) { verified = digest }
            }
            built = index.path
        }
        FreedMemory.release()  // the new index's page cache, before the copy fills the workspace index's
        try? FileManager.default.removeItem(at: IndexSeal.file(of: built))
        try? FileManager.default.removeItem(at: IndexSeal.file(of: indexURL))
        let index = try storeCall { () throws(StoreError) in try EvidenceIndex(path: indexURL) }
        let others = try storeCall { () throws(StoreError) in try index.commitsByOthers() }
        guard try storeCall({ () throws(StoreError) in try index.copyContent(ofIndexAt: built) }) else {
            // Another page size: moved into place instead, and audited whole by the next command.
            return try storeCall { () throws(StoreError) in try EvidenceIndex.replace(indexURL, withIndexAt: built) }
        }
        EvidenceIndex.discard(at: built)
        // Sealed only when the index holds, byte for byte, what was built and verified, and no other
        // connection wrote to it meanwhile.
        if let verified, let secret = keyRing.cacheSecret() {
            let copied = try storeCall { () throws(StoreError) in try index.settledDigest(since: nil) }
            if copied.value == verified, try storeCall({ () throws(StoreError) in try index.commitsByOthers() }) == others {
                IndexSeal(index: index, secret: secret).seal(verified)
            }
        }
        return index
    }
}
