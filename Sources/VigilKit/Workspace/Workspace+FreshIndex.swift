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

    /// Builds a new index beside the current one from HEAD's signed log and moves it into place with
    /// its seal. Its rows are verified against the signed log as they are written, as a sealed
    /// index's are, so the first check after it needs no whole audit; records this process just
    /// appended are taken from where the append left them, as a sync takes them.
    ///
    /// Readers of the index it replaces keep reading the file they opened. The caller holds the
    /// workspace lock.
    /// - Returns: the new index, open.
    func indexAfresh(
        from store: EvidenceStore, appended: [WrittenRecord] = [], progress report: (IndexSyncProgress) -> Void
    ) throws(VigilError) -> EvidenceIndex {
        let keys = try trustedKeys()
        let built: URL
        var sealed = false
        do {
            // Closed at the end of this block: its WAL is copied back before the file is moved.
            let index = try storeCall { () throws(StoreError) in try EvidenceIndex.fresh(replacing: indexURL) }
            sealed = try keepingSeal(of: index) { () throws(StoreError) in
                try index.fillingBeforeIndexing { () throws(StoreError) in
                    _ = try index.sync(with: store, trusting: keys, appended: appended, progress: report)
                }
            }
            built = index.path
        }
        try? FileManager.default.removeItem(at: IndexSeal.file(of: indexURL))
        let index = try storeCall { () throws(StoreError) in try EvidenceIndex.replace(indexURL, withIndexAt: built) }
        if sealed { try? FileManager.default.moveItem(at: IndexSeal.file(of: built), to: IndexSeal.file(of: indexURL)) }
        return index
    }
}
