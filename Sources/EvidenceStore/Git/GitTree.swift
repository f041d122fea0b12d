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
        var builder: OpaquePointer?
        let baseTree = try base.map { id throws(GitError) in try lookupTree(id) }
        try GitError.check(git_treebuilder_new(&builder, pointer, baseTree?.pointer), "git_treebuilder_new")
        guard let builder else { throw GitError.nullResult("git_treebuilder_new") }
        defer { git_treebuilder_free(builder) }

        for name in changes.removing where git_treebuilder_get(builder, name) != nil {
            try GitError.check(git_treebuilder_remove(builder, name), "git_treebuilder_remove")
        }
        for (name, blob) in changes.files {
            var id = blob
            try GitError.check(git_treebuilder_insert(nil, builder, name, &id, GIT_FILEMODE_BLOB), "git_treebuilder_insert")
        }
        // Before the folders still to write: changes set under a written folder go over its tree.
        for (name, tree) in changes.written {
            var id = tree
            try GitError.check(git_treebuilder_insert(nil, builder, name, &id, GIT_FILEMODE_TREE), "git_treebuilder_insert")
        }
        for (name, folder) in changes.folders.sorted(by: { $0.key < $1.key }) {
            var existing: git_oid?
            if let entry = git_treebuilder_get(builder, name), git_tree_entry_type(entry) == GIT_OBJECT_TREE {
                existing = git_tree_entry_id(entry).pointee
            }
            if var id = try writeTree(base: existing, folder) {
                try GitError.check(
                    git_treebuilder_insert(nil, builder, name, &id, GIT_FILEMODE_TREE), "git_treebuilder_insert")
            } else if existing != nil {
                try GitError.check(git_treebuilder_remove(builder, name), "git_treebuilder_remove")
            }
        }
        withExtendedLifetime(baseTree) {}
        guard git_treebuilder_entrycount(builder) > 0 else { return nil }
        var result = git_oid()
        try GitError.check(git_treebuilder_write(&result, builder), "git_treebuilder_write")
        return result
    }

    /// Writes the changes under the folder `path` now, over its tree `base` (nil: a new folder), and
    /// leaves the tree written in their place.
    func writeFolder(_ path: String, of changes: inout TreeChanges, over base: git_oid?) throws(GitError) {
        let folder = changes.takeFolder(path)
        changes.setWritten(path, to: try writeTree(base: base, folder))
    }

    /// Paths of files added or modified by a commit relative to its first parent, in path order.
    func changedPaths(in commit: GitCommit) throws(GitError) -> [String] {
        let newTree = try lookupTree(commit.treeID)
        let oldTree = try commit.parentID.map { id throws(GitError) in try lookupTree(try lookupCommit(id).treeID) }
        var diff: OpaquePointer?
        try GitError.check(
            git_diff_tree_to_tree(&diff, pointer, oldTree?.pointer, newTree.pointer, nil), "git_diff_tree_to_tree")
        guard let diff else { throw GitError.nullResult("git_diff_tree_to_tree") }
        defer { git_diff_free(diff) }
        var paths: [String] = []
        for index in 0..<git_diff_num_deltas(diff) {
            guard let delta = git_diff_get_delta(diff, index) else { continue }
            let status = delta.pointee.status
            guard status == GIT_DELTA_ADDED || status == GIT_DELTA_MODIFIED, let path = delta.pointee.new_file.path
            else { continue }
            paths.append(String(cString: path))
        }
        return paths
    }
}
