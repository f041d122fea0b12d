internal import CGit2
import Foundation

extension GitRepository {
    /// The full name of the branch HEAD points at (`refs/heads/main`, `refs/heads/collect/web-01`).
    func headBranch() throws(GitError) -> String {
        var head: OpaquePointer?
        try GitError.check(git_reference_lookup(&head, pointer, "HEAD"), "git_reference_lookup")
        defer { git_reference_free(head) }
        guard let target = git_reference_symbolic_target(head) else { throw GitError.nullResult("git_reference_symbolic_target") }
        return String(cString: target)
    }

    /// The commit a reference names, or nil when there is no such reference.
    func referenceTarget(_ name: String) throws(GitError) -> git_oid? {
        var oid = git_oid()
        let code = git_reference_name_to_id(&oid, pointer, name)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try GitError.check(code, "git_reference_name_to_id")
        return oid
    }

    /// Every direct reference whose name matches `glob` (`refs/vigil/collect/*`), by name.
    func references(matching glob: String) throws(GitError) -> [(name: String, target: git_oid)] {
        var iterator: OpaquePointer?
        try GitError.check(git_reference_iterator_glob_new(&iterator, pointer, glob), "git_reference_iterator_glob_new")
        defer { git_reference_iterator_free(iterator) }
        var found: [(name: String, target: git_oid)] = []
        while true {
            var reference: OpaquePointer?
            let code = git_reference_next(&reference, iterator)
            if code == GIT_ITEROVER.rawValue { break }
            try GitError.check(code, "git_reference_next")
            defer { git_reference_free(reference) }
            guard let target = git_reference_target(reference) else { continue }
            found.append((String(cString: git_reference_name(reference)), target.pointee))
        }
        return found.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
    }

    /// Points `name` at `target`, creating or overwriting it.
    func setReference(_ name: String, to target: git_oid, message: String) throws(GitError) {
        var id = target
        var created: OpaquePointer?
        defer { git_reference_free(created) }
        try GitError.check(git_reference_create(&created, pointer, name, &id, 1, message), "git_reference_create")
    }

    /// Commits reachable from `tip` but not from `after`, oldest first (parents before children).
    func commits(from after: git_oid?, to tip: git_oid) throws(GitError) -> [git_oid] {
        var walk: OpaquePointer?
        try GitError.check(git_revwalk_new(&walk, pointer), "git_revwalk_new")
        guard let walk else { throw GitError.nullResult("git_revwalk_new") }
        defer { git_revwalk_free(walk) }
        try GitError.check(
            git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_REVERSE.rawValue), "git_revwalk_sorting")
        var start = tip
        try GitError.check(git_revwalk_push(walk, &start), "git_revwalk_push")
        if var hidden = after { try GitError.check(git_revwalk_hide(walk, &hidden), "git_revwalk_hide") }
        var result: [git_oid] = []
        var oid = git_oid()
        while true {
            let code = git_revwalk_next(&oid, walk)
            if code == GIT_ITEROVER.rawValue { break }
            try GitError.check(code, "git_revwalk_next")
            result.append(oid)
        }
        return result
    }
}
