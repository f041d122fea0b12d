internal import CGit2
import EvidenceModel
import Foundation

/// A collector's branch as the sequencer fetched it, and how far it was sequenced.
public struct FetchedBranch: Sendable, Hashable {
    /// The collector's name (the branch is `collect/<name>`).
    public let name: String
    public let tip: GitObjectID
    /// The commit whose records were last sequenced, nil for a branch never sequenced.
    public let lastSequenced: GitObjectID?
}

/// A record file a collector's commit added: its path in the layout and its bytes, unchecked.
public struct CollectedFile: Sendable, Hashable {
    public let path: String
    public let bytes: Data

    public init(path: String, bytes: Data) {
        self.path = path
        self.bytes = bytes
    }
}

/// The sequencer's side of the collectors' branches (issue 17).
///
/// Fetched branches live under `refs/vigil/collect/<name>` (force-fetched, so a rewrite is seen and
/// not refused), and the last commit sequenced of each under `refs/vigil/sequenced/<name>`. Both are
/// bookkeeping outside HEAD's signed history: records are deduplicated by id whatever they say, and
/// `log verify` walks HEAD only.
extension EvidenceStore {
    static let fetchedPrefix = "refs/vigil/collect/"
    static let sequencedPrefix = "refs/vigil/sequenced/"

    /// Fetches every `collect/*` branch of `remote`, replacing what was fetched before.
    public func pullCollectorBranches(from remote: String, credentials: RemoteCredentials) throws(StoreError) {
        let refspec = "+\(Self.collectorBranchPrefix)*:\(Self.fetchedPrefix)*"
        do {
            try repository.fetch([refspec], from: remote, credentials: credentials)
        } catch {
            throw .remote(remote: remote, reason: "fetch of collect/* failed: \(error.message)")
        }
    }

    /// Every fetched collector branch, by name.
    public func fetchedBranches() throws(StoreError) -> [FetchedBranch] {
        try gitCall { () throws(GitError) in
            try repository.references(matching: Self.fetchedPrefix + "*").map { reference throws(GitError) in
                let name = String(reference.name.dropFirst(Self.fetchedPrefix.count))
                let last = try repository.referenceTarget(Self.sequencedPrefix + name)
                return FetchedBranch(name: name, tip: GitObjectID(reference.target), lastSequenced: last.map(GitObjectID.init))
            }
        }
    }

    /// The branch's commits not yet sequenced, oldest first; nil when its tip no longer descends
    /// from the commit sequenced last (the branch was rewritten or force-pushed).
    public func unsequencedCommits(of branch: FetchedBranch) throws(StoreError) -> [GitObjectID]? {
        try gitCall { () throws(GitError) -> [GitObjectID]? in
            if let last = branch.lastSequenced?.oid {
                guard repository.isAncestor(last, of: branch.tip.oid) else { return nil }
            }
            return try repository.commits(from: branch.lastSequenced?.oid, to: branch.tip.oid).map(GitObjectID.init)
        }
    }

    /// The record files `commit` added or changed relative to its first parent, in path order.
    public func collectedRecords(in commit: GitObjectID) throws(StoreError) -> [CollectedFile] {
        try gitCall { () throws(GitError) in
            let gitCommit = try repository.lookupCommit(commit.oid)
            let old = try gitCommit.parentID.map { id throws(GitError) in try repository.lookupTree(try repository.lookupCommit(id).treeID) }
            var files: [CollectedFile] = []
            for change in try repository.changes(from: old, to: try repository.lookupTree(gitCommit.treeID)) {
                guard change.status == .added || change.status == .modified, let blob = change.newID,
                    StoreLayout.recordID(inPath: change.path) != nil
                else { continue }
                files.append(CollectedFile(path: change.path, bytes: try repository.readBlob(blob)))
            }
            return files
        }
    }

    /// The raw inputs of `digests` present in `commit`'s tree (`raw/<sha256>`), by digest, as stored.
    public func rawInputs(_ digests: Set<String>, in commit: GitObjectID) throws(StoreError) -> [String: Data] {
        try gitCall { () throws(GitError) in
            let tree = try repository.lookupTree(try repository.lookupCommit(commit.oid).treeID)
            var found: [String: Data] = [:]
            for digest in digests {
                guard let entry = try tree.entry(atPath: StoreLayout.rawPath(sha256: digest)), !entry.isTree else { continue }
                found[digest] = try repository.readBlob(entry.id)
            }
            return found
        }
    }

    /// Remembers that `branch` was sequenced up to its tip.
    public func markSequenced(_ branch: FetchedBranch) throws(StoreError) {
        try gitCall { () throws(GitError) in
            try repository.setReference(Self.sequencedPrefix + branch.name, to: branch.tip.oid, message: "vigil sequence")
        }
    }
}
