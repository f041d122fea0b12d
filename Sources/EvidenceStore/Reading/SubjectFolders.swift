import EvidenceModel
import Foundation

/// ``StoredSubjects`` of the layout in ``StoreLayout`` (versions 1 and 2): a folder per subject
/// holding its name, its `entries` and a blob per record, and its newest head's index in
/// `log/subjects/…/head`.
struct SubjectFolders: StoredSubjects {
    let store: EvidenceStore
    let reader: TreeReader
    /// Records are read from the packs by offset, not through libgit2's pack windows: reading a
    /// rebuild's records subject by subject jumped through a large pack, remapping them.
    let packs: PackedBlobReader

    func names() throws(StoreError) -> [String] {
        guard let top = try reader.subtree("subjects") else { return [] }
        var names: [String] = []
        for shard in top.entries where shard.isTree {
            guard let shardFolder = try reader.subtree("subjects/\(shard.name)") else { continue }
            for folder in shardFolder.entries where folder.isTree {
                guard let subjectFolder = try reader.subtree("subjects/\(shard.name)/\(folder.name)"),
                    let name = try reader.read(named: "subject", in: subjectFolder)
                else { continue }
                names.append(String(decoding: name, as: UTF8.self))
            }
        }
        return names.sorted()
    }

    func ids(of subject: String) throws(StoreError) -> [String] {
        let data = try reader.read(StoreLayout.entriesPath(subject)) ?? Data()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    func records(of subject: String) throws(StoreError) -> any StoredRecords {
        let folder = StoreLayout.SubjectPaths(subject).records
        return RecordFiles(store: store, folder: folder, tree: try reader.subtree(folder), packs: packs)
    }

    func newestHead(of subject: String) throws(StoreError) -> Int? {
        guard let text = try reader.read(LogLayout.subjectHeadPath(subject)) else { return nil }
        return Int(String(decoding: text, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// A subject's `records/` folder, looked up once.
    private struct RecordFiles: StoredRecords {
        let store: EvidenceStore
        let folder: String
        let tree: GitTree?
        let packs: PackedBlobReader

        func bytes(of id: String) throws(StoreError) -> Data? {
            guard let entry = tree?.entry(named: "\(id).json"), !entry.isTree else { return nil }
            return try store.blob(entry.id, packs: packs)
        }

        func place(of id: String) -> String { "\(folder)/\(id).json" }
    }
}
