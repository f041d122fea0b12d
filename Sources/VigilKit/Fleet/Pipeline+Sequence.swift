import EvidenceModel
import EvidenceStore
import Foundation

/// What one `vigil sequence` run did, branch by branch.
public struct SequenceReport: Sendable {
    public struct Branch: Sendable, Equatable {
        public let name: String
        /// Records this run added to the log from this branch.
        public let sequenced: Int
        /// Records already in the log, or offered earlier in the run by this or another branch.
        public let duplicates: Int
        public let rejected: Int
    }

    /// The one signed commit, nil when nothing new was logged.
    public let commit: StoreCommit?
    public let branches: [Branch]
    /// One line per rejected record: branch, commit, file and reason (exit 2).
    public let rejected: [String]
    /// Branches whose tip no longer descends from the commit sequenced last (exit 3): left as they were.
    public let rewritten: [String]

    public var isIdle: Bool { branches.isEmpty && rewritten.isEmpty }
}

extension Pipeline {
    /// Logs the records of every fetched collector branch not yet in the log as one signed commit at
    /// this run's time (the logged time), then remembers how far each branch was sequenced.
    ///
    /// A rejected record is reported and skipped; a rewritten branch is reported and not read.
    /// The sequenced marks move only after the commit is in place, so a crash at any point leaves
    /// them behind at worst, and the records read again are deduplicated by id.
    public func sequence() throws(VigilError) -> SequenceReport {
        let lock = try workspace.lock(timeout: lockTimeout)
        defer { withExtendedLifetime(lock) {} }
        let now = nowUnderLock
        let store = try workspace.openStore()
        store.removeStaleLocks()
        let signing = try workspace.signing()

        var batch = SequenceBatch(now: now, clockSkew: configuration.clockSkew)
        var advanced: [FetchedBranch] = []
        var rewritten: [String] = []
        var order: [String] = []
        try storeCall { () throws(StoreError) in
            for branch in try store.fetchedBranches() {
                guard let commits = try store.unsequencedCommits(of: branch) else {
                    rewritten.append(branch.name)
                    continue
                }
                guard !commits.isEmpty else { continue }
                advanced.append(branch)
                order.append(branch.name)
                for commit in commits { batch.admit(try read(commit, of: branch.name, from: store)) }
            }
        }
        guard !advanced.isEmpty else {
            return SequenceReport(commit: nil, branches: [], rejected: [], rewritten: rewritten)
        }

        let message = Self.sequenceMessage(batch: batch, branches: order)
        let result = try storeCall { () throws(StoreError) in
            try store.append(records: batch.records, rawInputs: batch.rawInputs, message: message, at: now, signing: signing)
        }
        try storeCall { () throws(StoreError) in for branch in advanced { try store.markSequenced(branch) } }
        packAfterCollect(store)
        try workspace.syncIndex(with: store, appended: result.written, rootEntries: Set(result.added.map(\.subject)).count)
        return SequenceReport(
            commit: result.commit, branches: Self.tallies(batch, branches: order, added: result.added),
            rejected: batch.rejections, rewritten: rewritten)
    }

    /// A collector commit's record files, parsed, with the raw inputs they name.
    private func read(_ commit: GitObjectID, of branch: String, from store: EvidenceStore) throws(StoreError) -> CollectedCommit {
        let files = try store.collectedRecords(in: commit).map { ($0, CollectedRecordRejection.record(from: $0)) }
        let digests = Set(files.flatMap { (try? $0.1.get())?.rawInputDigests ?? [] })
        return CollectedCommit(
            branch: branch, commit: commit.hex, files: files,
            rawInputs: try store.rawInputs(digests, in: commit))
    }

    static func tallies(_ batch: SequenceBatch, branches: [String], added: [EvidenceRecord]) -> [SequenceReport.Branch] {
        var logged: [String: Int] = [:]
        for record in added { if let branch = batch.offeredBy[record.id] { logged[branch, default: 0] += 1 } }
        return branches.map { name in
            let tally = batch.tallies[name] ?? SequenceBatch.Tally()
            let sequenced = logged[name] ?? 0
            return SequenceReport.Branch(
                name: name, sequenced: sequenced,
                duplicates: tally.repeated + tally.verified - sequenced, rejected: tally.rejected)
        }
    }

    static func sequenceMessage(batch: SequenceBatch, branches: [String]) -> String {
        let count = batch.records.count
        var lines = ["sequence: \(count) record\(count == 1 ? "" : "s") from \(branches.count) collector\(branches.count == 1 ? "" : "s")", ""]
        for name in branches {
            let tally = batch.tallies[name] ?? SequenceBatch.Tally()
            lines.append("collect/\(name): \(tally.verified) verified, \(tally.repeated) repeated, \(tally.rejected) rejected")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
