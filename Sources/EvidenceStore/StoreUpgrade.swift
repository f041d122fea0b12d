import EvidenceModel
import Foundation
import MerkleLog

extension EvidenceStore {
    /// What one commit of HEAD's history added: its records in log order and its raw inputs.
    public struct CommitAdditions {
        public let commit: StoreCommit
        public let records: [EvidenceRecord]
        public let rawInputs: [Data]
    }

    /// Calls `body` with each commit's additions, oldest first: what `vigil upgrade` replays into a
    /// store of the current format. Records come in the order their subjects' `entries` list them.
    public func forEachCommitsAdditions(_ body: (CommitAdditions) throws(StoreError) -> Void) throws(StoreError) {
        var parent: StoreCommit?
        for commit in try history() {
            let (changes, reader) = try self.changes(of: commit, parent: parent)
            var records: [EvidenceRecord] = []
            var raws: [Data] = []
            for change in changes where change.status == .added || change.status == .modified {
                switch StorePath(change.path) {
                case .raw:
                    raws.append(try blob(change.newID))
                case .entries(let folder):
                    guard let subject = try reader.read(folder + "/subject").map({ String(decoding: $0, as: UTF8.self) }) else {
                        throw .tampered("commit \(commit.id.hex.prefix(12)): \(folder) has no subject file")
                    }
                    let old = change.oldID == nil ? Data() : try blob(change.oldID)
                    let ids = String(decoding: try blob(change.newID).dropFirst(old.count), as: UTF8.self)
                        .split(separator: "\n").map(String.init)
                    for id in ids { records.append(try readRecord(atPath: StoreLayout.recordPath(subject: subject, id: id), in: reader.tree)) }
                default:
                    continue
                }
            }
            try body(CommitAdditions(commit: commit, records: records, rawInputs: raws))
            parent = commit
        }
    }
}
