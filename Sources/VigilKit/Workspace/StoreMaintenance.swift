import EvidenceStore
import Foundation

extension Pipeline {
    /// Packs the store under the workspace lock, as `vigil gc` does: everything into one pack, or
    /// with `auto` only when the store's `gc.auto` / `gc.autoPackLimit` call for it (nil otherwise).
    public func packStore(auto: Bool) throws(VigilError) -> PackingResult? {
        let lock = try workspace.lock(timeout: lockTimeout)
        defer { withExtendedLifetime(lock) {} }
        let store = try workspace.openStore()
        store.removeStaleLocks()
        let step = workspace.progress.step
        return try storeCall { () throws(StoreError) in
            auto
                ? try store.packIfNeeded()
                : try store.pack(all: true) { stage, done, total in
                    step(
                        ProgressStep(
                            task: stage == "deltas" ? "packing: finding deltas" : "packing: writing", done: done, total: total,
                            unit: "objects"))
                }
        }
    }

    /// After a commit, under the collect's lock: pack when the policy says so.
    ///
    /// A failure here cannot lose the commit just made (packing deletes nothing before the new pack
    /// holds it), so it does not fail the collect; `vigil gc` reports it.
    func packAfterCollect(_ store: EvidenceStore) {
        _ = try? store.packIfNeeded()
    }
}
