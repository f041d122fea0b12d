internal import CGit2
import Foundation

extension GitRepository {
    /// The repository's `objects` folder.
    var objectsPath: String { String(cString: git_repository_path(pointer)) + "objects" }

    /// Runs `body` with every object it writes appended straight to one new pack
    /// (``PackWritingBackend``), then writes the pack's index, fsyncs both and renames them into
    /// `objects/pack` when `body` returns a commit.
    ///
    /// One pack per commit instead of one loose file per object: a collect of 10,000 records writes
    /// two files, not 70,000. Nothing is renamed into place when `body` throws or returns no commit
    /// (the temporary pack is deleted), and a crash while the pack is written leaves at worst a
    /// temporary file that no ref can point into: move refs only after this returns. The pack has no
    /// deltas (``PackFileWriter``): `vigil gc` repacks with them.
    func writingOnePack<T>(_ body: () throws(StoreError) -> (T, commit: git_oid?)) throws(StoreError) -> T {
        let (original, staging, pack) = try gitCall { () throws(GitError) in try stageIntoPack() }
        stagingPack = pack
        defer {
            stagingPack = nil
            git_repository_set_odb(pointer, original)
            git_odb_free(original)
            git_odb_free(staging)
        }
        let (result, commit) = try body()
        guard commit != nil else { return result }
        _ = try gitCall { () throws(GitError) in try pack.finish() }
        return result
    }

    /// Swaps the repository's odb for one whose first backend writes a new pack, then the packs
    /// present now (each on its own) and the loose objects.
    ///
    /// Not `git_odb_open`: its pack backend rescans `objects/pack` on every miss, and each new object
    /// is a miss when libgit2 checks whether it already exists: thousands of directory scans a commit.
    /// - Returns: the original odb (to restore), the staging odb and the pack being written.
    private func stageIntoPack() throws(GitError) -> (original: OpaquePointer?, staging: OpaquePointer?, pack: PackWritingBackend) {
        var original: OpaquePointer?
        try GitError.check(git_repository_odb(&original, pointer), "git_repository_odb")
        var staging: OpaquePointer?
        do {
            let files = GitObjectFiles(objectsPath: objectsPath)
            let pack = try PackWritingBackend(packFolder: files.packFolder)
            try GitError.check(git_odb_new(&staging), "git_odb_new")
            // Newest first: a collect reads mostly what the commits before it wrote, and each pack
            // searched in vain costs a binary search of its index and an error message formatted.
            for pack in Self.newestFirst(files.packs()) {
                var backend: UnsafeMutablePointer<git_odb_backend>?
                try GitError.check(git_odb_backend_one_pack(&backend, pack.indexPath), "git_odb_backend_one_pack")
                try GitError.check(git_odb_add_backend(staging, backend, 2), "git_odb_add_backend")
            }
            var loose: UnsafeMutablePointer<git_odb_backend>?
            try GitError.check(git_odb_backend_loose(&loose, objectsPath, -1, 0, 0, 0), "git_odb_backend_loose")
            try GitError.check(git_odb_add_backend(staging, loose, 1), "git_odb_add_backend")
            // Above the loose (1) and pack (2) backends, so every write lands in the new pack.
            let backend = try pack.makeBackend()
            let added = git_odb_add_backend(staging, backend, 1_000)
            if added != 0 { backend.pointee.free?(backend) }  // the odb owns it only once added
            try GitError.check(added, "git_odb_add_backend")
            try GitError.check(git_repository_set_odb(pointer, staging), "git_repository_set_odb")
            return (original, staging, pack)
        } catch {
            git_odb_free(staging)
            git_odb_free(original)
            throw error
        }
    }

    /// Packs by the time their index was written, newest first (ties by name).
    private static func newestFirst(_ packs: [GitPackFile]) -> [GitPackFile] {
        func written(_ pack: GitPackFile) -> Double {
            var status = stat()
            guard stat(pack.indexPath, &status) == 0 else { return 0 }
            return Double(status.st_mtim.tv_sec) + Double(status.st_mtim.tv_nsec) / 1e9
        }
        return packs.map { ($0, written($0)) }.sorted { ($0.1, $0.0.name) > ($1.1, $1.0.name) }.map(\.0)
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
