internal import CGit2
import Foundation

/// A tree object; owns its pointer.
final class GitTree {
    let pointer: OpaquePointer

    init(pointer: OpaquePointer) { self.pointer = pointer }

    deinit { git_tree_free(pointer) }

    var id: git_oid { git_tree_id(pointer).pointee }

    struct Entry {
        let name: String
        let id: git_oid
        let isTree: Bool
        /// A regular, non-executable file (not a link, a submodule or an executable).
        var isPlainFile = false
    }

    var entries: [Entry] {
        (0..<git_tree_entrycount(pointer)).compactMap { index in
            guard let entry = git_tree_entry_byindex(pointer, index) else { return nil }
            return Entry(
                name: String(cString: git_tree_entry_name(entry)), id: git_tree_entry_id(entry).pointee,
                isTree: git_tree_entry_type(entry) == GIT_OBJECT_TREE,
                isPlainFile: git_tree_entry_filemode(entry) == GIT_FILEMODE_BLOB)
        }
    }

    /// The entry called `name` directly in this tree (a binary search), or nil.
    func entry(named name: String) -> Entry? {
        guard let entry = git_tree_entry_byname(pointer, name) else { return nil }
        return Entry(
            name: name, id: git_tree_entry_id(entry).pointee, isTree: git_tree_entry_type(entry) == GIT_OBJECT_TREE)
    }

    /// The object at a slash-separated path, or nil when nothing is there.
    func entry(atPath path: String) throws(GitError) -> Entry? {
        var entry: OpaquePointer?
        let code = git_tree_entry_bypath(&entry, pointer, path)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try GitError.check(code, "git_tree_entry_bypath")
        guard let entry else { return nil }
        defer { git_tree_entry_free(entry) }
        return Entry(
            name: String(cString: git_tree_entry_name(entry)), id: git_tree_entry_id(entry).pointee,
            isTree: git_tree_entry_type(entry) == GIT_OBJECT_TREE)
    }
}

extension GitRepository {
    /// Writes a new tree: `base` with the blobs in `files` (slash-separated paths) added or replaced
    /// and the paths in `removing` taken out. Folders left empty disappear.
    ///
    /// Only the trees along the changed paths are rebuilt, so a commit costs what it changes, not
    /// the size of the store.
    /// - Returns: the new tree, or nil when it would be empty.
    func writeTree(base: git_oid?, files: [String: git_oid], removing: Set<String> = []) throws(GitError) -> git_oid? {
        var changes = TreeChanges()
        for path in removing { changes.remove(path) }
        for (path, blob) in files { changes.set(path, to: blob) }
        return try writeTree(base: base, changes)
    }

    /// Writes `changes` over the tree `base` (nil: the empty tree), folder by folder.
    /// - Returns: the new tree, or nil when it holds nothing.
    func writeTree(base: git_oid?, _ changes: TreeChanges) throws(GitError) -> git_oid? {
        let baseTree = try base.map { id throws(GitError) in try lookupTree(id) }
        // In the order a treebuilder took them: removals, files, written folders, then folders.
        var setting: [String: TreeObjectBytes.Entry] = [:]
        var removing: Set<String> = changes.removing
        func set(_ name: String, _ mode: UInt32, _ id: git_oid) {
            setting[name] = TreeObjectBytes.Entry(name: Array(name.utf8), mode: mode, id: id)
            removing.remove(name)
        }
        for (name, blob) in changes.files { set(name, TreeObjectBytes.Entry.fileMode, blob) }
        for (name, tree) in changes.written { set(name.text, TreeObjectBytes.Entry.treeMode, tree) }
        for (name, folder) in changes.folders.sorted(by: { $0.key < $1.key }) {
            var existing: git_oid?
            if let set = setting[name] {
                existing = set.isTree ? set.id : nil
            } else if !removing.contains(name), let entry = baseTree?.entry(named: name), entry.isTree {
                existing = entry.id
            }
            if let id = try writeTree(base: existing, folder) {
                set(name, TreeObjectBytes.Entry.treeMode, id)
            } else if existing != nil {
                setting[name] = nil
                removing.insert(name)
            }
        }
        guard
            let content = try TreeObjectBytes.merging(
                base: baseTree, setting: Array(setting.values), removing: removing.map { Array($0.utf8) })
        else { return nil }
        withExtendedLifetime(baseTree) {}
        return try writeTreeObject(content)
    }

    /// Writes a tree's content: straight into the pack being staged, else through the odb.
    private func writeTreeObject(_ content: [UInt8]) throws(GitError) -> git_oid {
        if let stagingPack {
            let written = content.withUnsafeBytes { bytes in Result { () throws(GitError) in try stagingPack.appendTree(bytes) } }
            return try written.get()
        }
        var odb: OpaquePointer?
        try GitError.check(git_repository_odb(&odb, pointer), "git_repository_odb")
        defer { git_odb_free(odb) }
        var id = git_oid()
        try GitError.check(content.withUnsafeBytes { git_odb_write(&id, odb, $0.baseAddress, $0.count, GIT_OBJECT_TREE) }, "git_odb_write")
        return id
    }

    /// Writes the changes under the folder `path` now, over its tree `base` (nil: a new folder), and
    /// leaves the tree written in their place.
    func writeFolder(_ path: String, of changes: inout TreeChanges, over base: git_oid?) throws(GitError) {
        let folder = changes.takeFolder(path)
        changes.setWritten(path, to: try writeTree(base: base, folder))
    }
}
