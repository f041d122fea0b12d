import Foundation
internal import CGit2

extension GitRepository {
    /// The repository's `objects` folder.
    var objectsPath: String { String(cString: git_repository_path(pointer)) + "objects" }

    /// Runs `body` with every object it writes held in memory (a libgit2 mempack), then writes the
    /// new objects of the commit it returns as one pack and index, fsynced and renamed into `objects/pack`.
    ///
    /// One pack per commit instead of one loose file per object: a collect of 10,000 records writes
    /// two files, not 70,000. Nothing reaches the disk when `body` throws or returns no commit, and a
    /// crash while the pack is written leaves at worst a temporary file that no ref can point into:
    /// move refs only after this returns. The pack has no deltas (``PackFileWriter``): `vigil gc`
    /// repacks with them.
    func writingOnePack<T>(_ body: () throws(StoreError) -> (T, commit: git_oid?)) throws(StoreError) -> T {
        let (original, staging, memory) = try gitCall { () throws(GitError) in try stageInMemory() }
        defer {
            git_repository_set_odb(pointer, original)
            git_odb_free(original)
            git_odb_free(staging)
        }
        let (result, commit) = try body()
        guard let commit, let memory else { return result }
        try gitCall { () throws(GitError) in try writePack(of: commit, from: memory) }
        return result
    }

    /// Writes the objects of `commit` that `memory` holds as one pack.
    ///
    /// Not git_mempack_dump: it packs each commit's whole tree, old objects included. Objects are
    /// read through the mempack's own `read`, not `git_odb_read`, which would hash each one again.
    private func writePack(of commit: git_oid, from memory: UnsafeMutablePointer<git_odb_backend>) throws(GitError) {
        guard let exists = memory.pointee.exists, let read = memory.pointee.read else {
            throw GitError.nullResult("git_mempack_new")
        }
        var ids: [git_oid] = []
        var seen: Set<ObjectKey> = []
        try walk(commit: commit, where: { id in
            var copy = id
            return exists(memory, &copy) != 0
        }, seen: &seen) { id, _ throws(GitError) in ids.append(id) }
        guard !ids.isEmpty else { return }

        let folder = GitObjectFiles(objectsPath: objectsPath).packFolder
        let writer = try PackFileWriter(folder: folder, objectCount: ids.count)
        for var id in ids {
            var data: UnsafeMutableRawPointer?
            var length = 0
            var type = GIT_OBJECT_INVALID
            try GitError.check(read(&data, &length, &type, memory, &id), "git_mempack read")
            defer { git_odb_backend_data_free(memory, data) }
            guard let kind = PackObjectKind(type) else {
                let message = "\(GitObjectID(id).hex) has type \(type.rawValue)"
                throw GitError(function: "git_mempack read", code: -1, message: message)
            }
            let content = UnsafeRawBufferPointer(start: data, count: length)
            let name = withUnsafeBytes(of: id.id) { PackObjectName($0) }
            try writer.append(kind, name: name, content: content)
        }
        _ = try writer.finish()
    }

    /// Swaps the repository's odb for one whose first backend is a fresh mempack, then the packs
    /// present now (each on its own) and the loose objects.
    ///
    /// Not `git_odb_open`: its pack backend rescans `objects/pack` on every miss, and each new object
    /// is a miss when libgit2 checks whether it already exists: thousands of directory scans a commit.
    /// - Returns: the original odb (to restore), the staging odb and its mempack.
    private func stageInMemory() throws(GitError)
        -> (original: OpaquePointer?, staging: OpaquePointer?, memory: UnsafeMutablePointer<git_odb_backend>?)
    {
        var original: OpaquePointer?
        try GitError.check(git_repository_odb(&original, pointer), "git_repository_odb")
        var staging: OpaquePointer?
        var memory: UnsafeMutablePointer<git_odb_backend>?
        do {
            try GitError.check(git_odb_new(&staging), "git_odb_new")
            for pack in GitObjectFiles(objectsPath: objectsPath).packs() {
                var backend: UnsafeMutablePointer<git_odb_backend>?
                try GitError.check(git_odb_backend_one_pack(&backend, pack.indexPath), "git_odb_backend_one_pack")
                try GitError.check(git_odb_add_backend(staging, backend, 2), "git_odb_add_backend")
            }
            var loose: UnsafeMutablePointer<git_odb_backend>?
            try GitError.check(git_odb_backend_loose(&loose, objectsPath, -1, 0, 0, 0), "git_odb_backend_loose")
            try GitError.check(git_odb_add_backend(staging, loose, 1), "git_odb_add_backend")
            try GitError.check(git_mempack_new(&memory), "git_mempack_new")
            // Above the loose (1) and pack (2) backends, so every write lands in memory; the odb owns it now.
            try GitError.check(git_odb_add_backend(staging, memory, 1_000), "git_odb_add_backend")
            try GitError.check(git_repository_set_odb(pointer, staging), "git_repository_set_odb")
        } catch {
            git_odb_free(staging)
            git_odb_free(original)
            throw error
        }
        return (original, staging, memory)
    }

    /// Opens `objects/` afresh, dropping packs that were deleted since the repository was opened.
    func reopenObjectDatabase() throws(GitError) {
        var fresh: OpaquePointer?
        try GitError.check(git_odb_open(&fresh, objectsPath), "git_odb_open")
        defer { git_odb_free(fresh) }
        try GitError.check(git_repository_set_odb(pointer, fresh), "git_repository_set_odb")
    }

    /// Moves HEAD's branch from `parent` to `commit`, refusing when another writer moved it first.
    func advanceHead(to commit: git_oid, from parent: git_oid?, message: String) throws(GitError) {
        var head: OpaquePointer?
        try GitError.check(git_reference_lookup(&head, pointer, "HEAD"), "git_reference_lookup")
        defer { git_reference_free(head) }
        guard let target = git_reference_symbolic_target(head) else { throw GitError.nullResult("git_reference_symbolic_target") }
        var new = commit
        var created: OpaquePointer?
        let code: Int32
        if var expected = parent {
            code = git_reference_create_matching(&created, pointer, target, &new, 1, &expected, message)
        } else {
            code = git_reference_create(&created, pointer, target, &new, 0, message)
        }
        git_reference_free(created)
        try GitError.check(code, "git_reference_create_matching")
    }
}

private extension PackObjectKind {
    init?(_ type: git_object_t) {
        switch type {
        case GIT_OBJECT_COMMIT: self = .commit
        case GIT_OBJECT_TREE: self = .tree
        case GIT_OBJECT_BLOB: self = .blob
        case GIT_OBJECT_TAG: self = .tag
        default: return nil
        }
    }
}
