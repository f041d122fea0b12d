import EvidenceStore
import Foundation

extension Pipeline {
    /// Packs the store under the workspace lock, as `vigil gc` does: everything into one pack, or
    /// with `auto` only when the store's `gc.auto` / `gc.autoPackLimit` call for it (nil otherwise).
    /// - Returns: what packing did, as `vigil gc` says it.
    public func packStore(auto: Bool) throws(VigilError) -> String? {
        try packedStore(auto: auto).map(Self.summary)
    }

    private func packedStore(auto: Bool) throws(VigilError) -> PackingResult? {
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

    static func summary(_ result: PackingResult) -> String {
        func describe(_ storage: ObjectStorage) -> String {
            let megabytes = String(format: "%.1f MB", Double(storage.bytes) / 1_048_576)
            return "\(storage.packs) pack\(storage.packs == 1 ? "" : "s"), \(storage.looseObjects) loose, \(megabytes)"
        }
        var lines = ["packed: \(describe(result.before)) -> \(describe(result.after))"]
        if !result.leftoversRemoved.isEmpty { lines.append("removed \(result.leftoversRemoved.count) leftover file(s) of an interrupted write") }
        return lines.joined(separator: "\n")
    }

    /// After a commit, under the collect's lock: pack when the policy says so.
    ///
    /// A failure here cannot lose the commit just made (packing deletes nothing before the new pack
    /// holds it), so it does not fail the collect; `vigil gc` reports it.
    func packAfterCollect(_ store: EvidenceStore) {
        _ = try? store.packIfNeeded()
    }
}
