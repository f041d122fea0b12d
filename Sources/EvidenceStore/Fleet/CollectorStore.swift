internal import CGit2
import EvidenceModel
import Foundation

/// A collector's store (issue 17): the records and raw inputs of one host on its own branch
/// `refs/heads/collect/<name>`, unsigned and without a log, for a sequencer to verify and log.
///
/// What makes a store a collector's is only where its HEAD points: the branch name is the
/// collector's name, so two collectors pushing to one remote can never write the same branch.
extension EvidenceStore {
    /// The branch prefix every collector writes under, locally and on a remote.
    public static let collectorBranchPrefix = "refs/heads/collect/"

    /// Creates an empty collector store whose HEAD is `refs/heads/collect/<name>` (no commit yet).
    public static func createCollector(at path: URL, name: String) throws(StoreError) -> EvidenceStore {
        let repository = try gitCall { () throws(GitError) in
            try GitRepository.createBare(at: path.path, branch: "collect/\(name)")
        }
        return EvidenceStore(path: path, repository: repository)
    }

    /// The collector's name when this is a collector's store, nil for a central (signing) store.
    public func collectorName() throws(StoreError) -> String? {
        let branch = try gitCall { () throws(GitError) in try repository.headBranch() }
        guard branch.hasPrefix(Self.collectorBranchPrefix) else { return nil }
        return String(branch.dropFirst(Self.collectorBranchPrefix.count))
    }

    /// Adds records and their raw inputs to the collector's branch as one commit (one pack), at the
    /// paths the central layout uses; stores nothing already on the branch. No log, no checkpoint:
    /// the sequencer logs and signs them.
    public func appendCollected(
        records: [EvidenceRecord], rawInputs: [RawInput], message: String, at time: Date
    )
        throws(StoreError) -> AppendResult
    {
        let parent = try gitCall { () throws(GitError) in try repository.headCommit() }
        let result = try repository.writingOnePack { () throws(StoreError) in
            let base = try gitCall { () throws(GitError) in
                try parent.map { id throws(GitError) in try repository.lookupTree(try repository.lookupCommit(id).treeID) }
            }
            let reader = base.map { TreeReader(tree: $0, repository: repository) }
            var (files, added) = try stageRecords(records, rawInputs: rawInputs, over: reader, listing: false)
            let unchanged = records.count - added.count
            guard !files.isEmpty else { return (AppendResult(commit: nil, added: [], written: .none, alreadyStored: unchanged), nil) }
            return try gitCall { () throws(GitError) in
                if base == nil { files.set(StoreLayout.attributesPath, to: try repository.writeBlob(Data(StoreLayout.attributes.utf8))) }
                let baseID = try parent.map { id throws(GitError) in try repository.lookupCommit(id).treeID }
                guard let tree = try repository.writeTree(base: baseID, files) else { throw GitError.nullResult("writeTree") }
                let id = try repository.writeCommit(tree: tree, parent: parent, message: message, at: time)
                // A collector's workspace has no log and no index: nothing for one to take.
                return (AppendResult(commit: try storeCommit(id), added: added, written: .none, alreadyStored: unchanged), id)
            }
        }
        if let commit = result.commit {
            try gitCall { () throws(GitError) in try repository.advanceHead(to: commit.id.oid, from: parent, message: message) }
        }
        return result
    }

    /// The record about `subject` that the newest commit on this branch to add one added; nil when
    /// the branch has none. A collector's store has no index or log to say which record came last,
    /// so the branch is walked back from HEAD until the subject's `records/` folder last changed (one
    /// step for a source collected every time; none for a subject the branch never held).
    public func newestCollected(subject: String) throws(StoreError) -> EvidenceRecord? {
        let folder = StoreLayout.subjectFolder(subject) + "/records"
        let found = try gitCall { () throws(GitError) -> (path: String, bytes: Data)? in
            func records(_ commit: GitCommit) throws(GitError) -> GitTree.Entry? {
                try repository.lookupTree(commit.treeID).entry(atPath: folder)
            }
            guard let head = try repository.headCommit() else { return nil }
            var commit = try repository.lookupCommit(head)
            guard var current = try records(commit) else { return nil }
            while true {
                let parent = try commit.parentID.map { id throws(GitError) in try repository.lookupCommit(id) }
                let before = try parent.map { commit throws(GitError) in try records(commit) } ?? nil
                if let before, let parent, git_oid_equal([before.id], [current.id]) != 0 {
                    (commit, current) = (parent, before)
                    continue
                }
                let now = try repository.lookupTree(current.id).entries
                let earlier = Set(try before.map { entry throws(GitError) in try repository.lookupTree(entry.id).entries.map(\.name) } ?? [])
                // One run per collect: a commit adds one record of a source's subject.
                guard let added = now.first(where: { !earlier.contains($0.name) }) else { return nil }
                return (folder + "/" + added.name, try repository.readBlob(added.id))
            }
        }
        guard let found, let id = StoreLayout.recordID(inPath: found.path) else { return nil }
        do { return try EvidenceRecord(canonicalData: found.bytes, id: id) } catch {
            throw .corruptRecord(path: found.path, reason: error.description)
        }
    }

    /// Sends HEAD's branch (a collector's branch, or the central store's signed log) to the same
    /// name on `remote`. A refusal (not a fast-forward) names the remote and the branch.
    public func pushHead(to remote: String, credentials: RemoteCredentials) throws(StoreError) {
        let branch = try gitCall { () throws(GitError) in try repository.headBranch() }
        guard try head() != nil else { throw .remote(remote: remote, reason: "\(branch) has no commit yet: collect first") }
        do {
            try repository.push(["\(branch):\(branch)"], to: remote, credentials: credentials)
        } catch {
            throw .remote(remote: remote, reason: "push of \(branch) failed: \(error.message)")
        }
    }
}
