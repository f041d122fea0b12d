internal import CGit2
import Foundation

/// One file a commit added, modified or deleted, relative to its parent.
struct GitTreeChange {
    enum Status { case added, modified, deleted, other }

    let path: String
    let status: Status
    let oldID: git_oid?
    let newID: git_oid?
    /// False for anything but a plain file (an executable, a link, a submodule).
    let isPlainFile: Bool
}

extension GitRepository {
    /// The first parent of a commit, and how many parents it has.
    func parents(of commit: GitCommit) -> (first: git_oid?, count: Int) {
        (commit.parentID, Int(git_commit_parentcount(commit.pointer)))
    }

    /// Every file that differs between `old` (nil: the empty tree) and `new`, in path order.
    func changes(from old: GitTree?, to new: GitTree) throws(GitError) -> [GitTreeChange] {
        var diff: OpaquePointer?
        try GitError.check(git_diff_tree_to_tree(&diff, pointer, old?.pointer, new.pointer, nil), "git_diff_tree_to_tree")
        guard let diff else { throw GitError.nullResult("git_diff_tree_to_tree") }
        defer { git_diff_free(diff) }
        var changes: [GitTreeChange] = []
        for index in 0..<git_diff_num_deltas(diff) {
            guard let delta = git_diff_get_delta(diff, index)?.pointee else { continue }
            let status: GitTreeChange.Status =
                switch delta.status {
                case GIT_DELTA_ADDED: .added
                case GIT_DELTA_MODIFIED: .modified
                case GIT_DELTA_DELETED: .deleted
                default: .other
                }
            let file = status == .deleted ? delta.old_file : delta.new_file
            guard let path = file.path else { continue }
            changes.append(
                GitTreeChange(
                    path: String(cString: path), status: status,
                    oldID: status == .added ? nil : delta.old_file.id, newID: status == .deleted ? nil : delta.new_file.id,
                    isPlainFile: UInt32(file.mode) == GIT_FILEMODE_BLOB.rawValue))
        }
        return changes
    }
}
