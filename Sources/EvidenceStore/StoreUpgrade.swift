import EvidenceModel
import Foundation
import MerkleLog

extension EvidenceStore {
    /// What one commit of HEAD's history added, told as it is read: ``begin(_:rawInputs:)`` with its
    /// raw inputs, its records in pieces, then ``end(_:)``.
    public enum CommitAddition {
        case begin(StoreCommit, rawInputs: [Data])
        case records([EvidenceRecord])
        case end(StoreCommit)
    }

    /// Tells `body` each commit's additions, oldest first: what `vigil upgrade` replays into a store
    /// of another format. Records come in the order their subjects' `entries` list them, at most
    /// `piece` at a time: a commit of 200k records held whole was 1.6 GB of an upgrade's peak.
    public func forEachCommitsAdditions(piece: Int = 4_096, _ body: (CommitAddition) throws(StoreError) -> Void) throws(StoreError) {
        var parent: StoreCommit?
        for commit in try history() {
            let (changes, reader) = try self.changes(of: commit, parent: parent)
            // Raw inputs sort before subjects in a tree's order: all are known before any record.
            var raws: [Data] = []
            for change in changes where change.status == .added || change.status == .modified {
                if case .raw = StorePath(change.path) { raws.append(try blob(change.newID)) }
            }
            try body(.begin(commit, rawInputs: raws))
            raws = []
            var records: [EvidenceRecord] = []
            for change in changes where change.status == .added || change.status == .modified {
                guard case .entries(let folder) = StorePath(change.path) else { continue }
                guard let subject = try reader.read(folder + "/subject").map({ String(decoding: $0, as: UTF8.self) }) else {
                    throw .tampered("commit \(commit.id.hex.prefix(12)): \(folder) has no subject file")
                }
                let old = change.oldID == nil ? Data() : try blob(change.oldID)
                let ids = String(decoding: try blob(change.newID).dropFirst(old.count), as: UTF8.self)
                    .split(separator: "\n").map(String.init)
                for id in ids {
                    records.append(try readRecord(atPath: StoreLayout.recordPath(subject: subject, id: id), in: reader.tree))
                    if records.count >= piece {
                        try body(.records(records))
                        records = []
                    }
                }
            }
            if !records.isEmpty { try body(.records(records)) }
            try body(.end(commit))
            parent = commit
        }
    }
}
