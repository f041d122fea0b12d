import EvidenceModel
import EvidenceStore
import Foundation
import MerkleLog

/// One side of a diff as the user names it: an instant, or a checkpoint of the signed log by its size.
public enum DiffPoint: Sendable, Hashable {
    case instant(Date)
    case checkpoint(size: Int)
}

extension Pipeline {
    /// Checks the controls at two instants, each with only the evidence logged by then (what a
    /// check at that time could say), and compares the two. A checkpoint stands for the time it was
    /// logged. Each side names the newest checkpoint at or before its instant.
    ///
    /// With `allLogged`, both sides use every record logged so far (evidence backfilled with
    /// `--observed-at` included, as `check --at` without `--known-at` does), and both name HEAD's
    /// checkpoint, the log they were judged from.
    /// With `only`, just those controls are compared (their results, gaps and acceptances); an id
    /// no control has is a usage error.
    public func diff(
        from: DiffPoint, to: DiffPoint, controlsDirectory: URL, allLogged: Bool = false, only: Set<String> = []
    ) throws(VigilError) -> RunDiff {
        let store = try workspace.openStore()
        let history = try storeCall { () throws(StoreError) in try store.history() }
        let start = try instant(of: from, option: "--from", store: store, history: history)
        let end = try instant(of: to, option: "--to", store: store, history: history)
        guard start <= end else {
            throw .usage(
                "--from (\(Timestamp.format(start))) is after --to (\(Timestamp.format(end))): a diff compares an earlier check with a later one")
        }
        var before = try check(at: start, knownAt: allLogged ? nil : start, controlsDirectory: controlsDirectory)
        var after = try check(at: end, knownAt: allLogged ? nil : end, controlsDirectory: controlsDirectory)
        if !only.isEmpty {
            let unknown = only.subtracting(after.controls.map(\.id)).sorted()
            guard unknown.isEmpty else { throw .usage("--control: no control \(unknown.joined(separator: ", ")) in \(controlsDirectory.path)") }
            before = before.restricted(to: only)
            after = after.restricted(to: only)
        }
        let index = try workspace.openIndex(for: store)
        var added = try storeCall { () throws(StoreError) in
            allLogged
                ? try index.observedCounts(after: start, atOrBefore: end) : try index.loggedCounts(after: start, atOrBefore: end)
        }
        if !only.isEmpty {
            // The evidence of the compared controls' kinds only.
            let library = try ControlLibrary.load(from: controlsDirectory, limits: configuration.limits)
            let kinds = Set(library.controls.filter { only.contains($0.id) }.flatMap(\.evidence))
            added = added.filter { kinds.contains($0.key) }
        }
        let head = try checkpointSummary(store)
        var diff = RunDiff(
            comparing: before, at: allLogged ? .init(instant: start, checkpoint: head) : try endpoint(start, store: store, history: history),
            with: after, at: allLogged ? .init(instant: end, checkpoint: head) : try endpoint(end, store: store, history: history),
            evidenceAdded: added)
        diff.evidenceCounted = allLogged ? .observed : .logged
        return diff
    }

    /// The instant a side stands for: a checkpoint's is the time of the first commit that signed it.
    private func instant(of point: DiffPoint, option: String, store: EvidenceStore, history: [StoreCommit]) throws(VigilError) -> Date {
        switch point {
        case .instant(let date):
            return date
        case .checkpoint(let size):
            var sizes: [Int] = []
            for commit in history {
                guard let summary = try checkpointSummary(store, at: commit) else { continue }
                if summary.size == size { return commit.time }
                if sizes.last != summary.size { sizes.append(summary.size) }
            }
            let known = sizes.count > 12 ? sizes.prefix(6).map(String.init) + ["…"] + sizes.suffix(6).map(String.init) : sizes.map(String.init)
            throw .usage("\(option): the signed log never had size \(size) (its checkpoints' sizes: \(known.joined(separator: ", ")))")
        }
    }

    /// An instant with the newest checkpoint at or before it (none before the store's first commit).
    private func endpoint(_ instant: Date, store: EvidenceStore, history: [StoreCommit]) throws(VigilError) -> RunDiff.Endpoint {
        guard let commit = history.last(where: { $0.time <= instant }) else { return .init(instant: instant, checkpoint: nil) }
        return .init(instant: instant, checkpoint: try checkpointSummary(store, at: commit))
    }
}
