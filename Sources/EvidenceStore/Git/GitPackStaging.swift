import Foundation
internal import CGit2

extension GitRepository {
    /// The repository's `objects` folder.
    var objectsPath: String { String(cString: git_repository_path(pointer)) + "objects" }

    /// Runs `body` with every object it writes held in memory (a libgit2 mempack), then writes them
    /// all as one pack and index, fsynced and renamed into `objects/pack`.
    ///
    /// One pack per commit instead of one loose file per object: a collect of 10,000 records writes
    /// two files, not 70,000. Nothing reaches the disk when `body` throws, and a crash while the
    /// pack is written leaves at worst a temporary file that no ref can point into: move refs only
    /// after this returns.
    func writingOnePack<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        let (original, staging, memory) = try gitCall { () throws(GitError) in try stageInMemory() }
        defer {
            git_repository_set_odb(pointer, original)
            git_odb_free(original)
            git_odb_free(staging)
        }
        let result = try body()
        try gitCall { () throws(GitError) in
            var pack = git_buf()
            defer { git_buf_dispose(&pack) }
            try GitError.check(git_mempack_dump(&pack, pointer, memory), "git_mempack_dump")
            // A pack's header is "PACK", a version and the object count: skip writing an empty one.
            if pack.size >= 12, let bytes = pack.ptr {
                let count = (0..<4).reduce(0) { $0 << 8 | Int(UInt8(bitPattern: bytes[8 + $1])) }
                if count > 0 { try writePack(bytes, size: pack.size, into: staging) }
            }
        }
        return result
    }

    /// Swaps the repository's odb for one whose first backend is a fresh mempack.
    /// - Returns: the original odb (to restore), the staging odb and its mempack.
    private func stageInMemory() throws(GitError)
        -> (original: OpaquePointer?, staging: OpaquePointer?, memory: UnsafeMutablePointer<git_odb_backend>?)
    {
        var original: OpaquePointer?
        try GitError.check(git_repository_odb(&original, pointer), "git_repository_odb")
        var staging: OpaquePointer?
        var memory: UnsafeMutablePointer<git_odb_backend>?
        do {
            try GitError.check(git_odb_open(&staging, objectsPath), "git_odb_open")
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

    /// Hands a complete pack to the odb's pack backend: libgit2's indexer checks it, writes the
    /// `.idx`, then renames the `.pack` into place (fsyncing both when fsync is on).
    private func writePack(_ bytes: UnsafePointer<CChar>, size: Int, into odb: OpaquePointer?) throws(GitError) {
        var writer: UnsafeMutablePointer<git_odb_writepack>?
        try GitError.check(git_odb_write_pack(&writer, odb, nil, nil), "git_odb_write_pack")
        guard let writer else { throw GitError.nullResult("git_odb_write_pack") }
        defer { writer.pointee.free?(writer) }
        guard let append = writer.pointee.append, let commit = writer.pointee.commit else {
            throw GitError.nullResult("git_odb_writepack")
        }
        var progress = git_indexer_progress()
        try GitError.check(append(writer, bytes, size, &progress), "git_odb_writepack append")
        try GitError.check(commit(writer, &progress), "git_odb_writepack commit")
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
