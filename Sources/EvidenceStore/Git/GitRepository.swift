internal import CGit2
import EvidenceModel
import Foundation

/// A bare git repository opened through libgit2. Owns the `git_repository` pointer.
///
/// Only objects and refs are written: there is never a working tree or an index file.
final class GitRepository {
    let pointer: OpaquePointer
    /// Where new objects go while ``writingOnePack(_:)`` runs (or a staging lane's buffer).
    var stagingPack: (any ObjectStaging)?

    private init(pointer: OpaquePointer) { self.pointer = pointer }

    deinit { git_repository_free(pointer) }

    /// Creates a bare repository whose HEAD points at `refs/heads/<branch>`.
    static func createBare(at path: String, branch: String = "main") throws(GitError) -> GitRepository {
        GitRuntime.ensureInitialized()
        var options = git_repository_init_options()
        try GitError.check(
            git_repository_init_options_init(&options, UInt32(GIT_REPOSITORY_INIT_OPTIONS_VERSION)),
            "git_repository_init_options_init")
        options.flags =
            GIT_REPOSITORY_INIT_BARE.rawValue | GIT_REPOSITORY_INIT_MKPATH.rawValue
            | GIT_REPOSITORY_INIT_NO_REINIT.rawValue
        var repo: OpaquePointer?
        let code = branch.withCString { head in
            options.initial_head = head
            return git_repository_init_ext(&repo, path, &options)
        }
        try GitError.check(code, "git_repository_init_ext")
        guard let repo else { throw GitError.nullResult("git_repository_init_ext") }
        return GitRepository(pointer: repo)
    }

    static func open(at path: String) throws(GitError) -> GitRepository {
        GitRuntime.ensureInitialized()
        var repo: OpaquePointer?
        try GitError.check(
            git_repository_open_ext(&repo, path, GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue, nil), "git_repository_open_ext")
        guard let repo else { throw GitError.nullResult("git_repository_open_ext") }
        return GitRepository(pointer: repo)
    }

    // MARK: Blobs

    func writeBlob(_ data: Data) throws(GitError) -> git_oid {
        if let stagingPack {
            let written = data.withUnsafeBytes { bytes in Result { () throws(GitError) in try stagingPack.appendBlob(bytes) } }
            return try written.get()
        }
        var oid = git_oid()
        let code = data.withUnsafeBytes { buffer in
            git_blob_create_from_buffer(&oid, pointer, buffer.baseAddress, buffer.count)
        }
        try GitError.check(code, "git_blob_create_from_buffer")
        return oid
    }

    /// Writes a file as a blob a chunk at a time, straight into the pack being staged; outside one,
    /// read whole and written as any blob.
    func writeBlob(streaming file: StreamedFile) throws(GitError) -> git_oid {
        if let stagingPack { return try stagingPack.appendBlob(file) }
        var data = Data()
        do {
            try file.forEachChunk {
                data.append(contentsOf: $0); return true
            }
        } catch {
            throw GitError(function: "read \(file.path)", code: -1, message: error.reason)
        }
        return try writeBlob(data)
    }

    func readBlob(_ id: git_oid) throws(GitError) -> Data {
        var oid = id
        var blob: OpaquePointer?
        try GitError.check(git_blob_lookup(&blob, pointer, &oid), "git_blob_lookup")
        guard let blob else { throw GitError.nullResult("git_blob_lookup") }
        let owned = GitBlob(blob, of: self)
        let size = Int(git_blob_rawsize(blob))
        guard size > 0, let raw = git_blob_rawcontent(blob) else { return Data() }
        guard size >= Self.largeBlob else { return Data(bytes: raw, count: size) }
        // libgit2's own copy, given out without a second: a raw input of 128 MB was held twice while
        // a bundle was packed. The bytes live as long as the blob, which lives as long as the Data.
        return Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: raw), count: size, deallocator: .custom { _, _ in _ = owned })
    }

    /// Blobs this large are given out in libgit2's buffer rather than copied.
    static let largeBlob = 1 << 20

    // MARK: Commits

    /// The commit HEAD points at, or nil for a repository without commits.
    func headCommit() throws(GitError) -> git_oid? {
        var oid = git_oid()
        let code = git_reference_name_to_id(&oid, pointer, "HEAD")
        if code == GIT_ENOTFOUND.rawValue || code == GIT_EUNBORNBRANCH.rawValue { return nil }
        try GitError.check(code, "git_reference_name_to_id")
        return oid
    }

    func lookupCommit(_ id: git_oid) throws(GitError) -> GitCommit {
        var oid = id
        var commit: OpaquePointer?
        try GitError.check(git_commit_lookup(&commit, pointer, &oid), "git_commit_lookup")
        guard let commit else { throw GitError.nullResult("git_commit_lookup") }
        return GitCommit(pointer: commit)
    }

    /// Writes a commit of `tree` on top of `parent` and moves HEAD's branch to it.
    ///
    /// Refuses when the branch no longer points at `parent`, so a concurrent writer cannot be lost.
    func commit(tree: git_oid, parent: git_oid?, message: String, at time: Date) throws(GitError) -> git_oid {
        let id = try writeCommit(tree: tree, parent: parent, message: message, at: time)
        try advanceHead(to: id, from: parent, message: message)
        return id
    }

    /// Writes a commit object of `tree` on top of `parent`; no ref moves (see ``advanceHead(to:from:message:)``).
    func writeCommit(tree: git_oid, parent: git_oid?, message: String, at time: Date) throws(GitError) -> git_oid {
        var signature: UnsafeMutablePointer<git_signature>?
        try GitError.check(
            git_signature_new(&signature, "vigil", "vigil@localhost", git_time_t(time.timeIntervalSince1970), 0),
            "git_signature_new")
        defer { git_signature_free(signature) }
        let treeObject = try lookupTree(tree)
        var parents: [OpaquePointer?] = []
        var parentCommit: GitCommit?
        if let parent {
            parentCommit = try lookupCommit(parent)
            parents.append(parentCommit?.pointer)
        }
        var oid = git_oid()
        let code = parents.withUnsafeMutableBufferPointer { buffer in
            git_commit_create(
                &oid, pointer, nil, signature, signature, "UTF-8", message, treeObject.pointer, buffer.count,
                buffer.baseAddress)
        }
        withExtendedLifetime(parentCommit) {}
        try GitError.check(code, "git_commit_create")
        return oid
    }

    /// Commits reachable from HEAD, oldest first, excluding `after` and its ancestors.
    func commitsOldestFirst(after: git_oid? = nil) throws(GitError) -> [git_oid] {
        guard let head = try headCommit() else { return [] }
        return try commits(from: after, to: head)
    }

    func isAncestor(_ ancestor: git_oid, of descendant: git_oid) -> Bool {
        var a = ancestor
        var d = descendant
        if git_oid_equal(&a, &d) != 0 { return true }
        return git_graph_descendant_of(pointer, &d, &a) == 1
    }

    // MARK: Trees

    func lookupTree(_ id: git_oid) throws(GitError) -> GitTree {
        var oid = id
        var tree: OpaquePointer?
        try GitError.check(git_tree_lookup(&tree, pointer, &oid), "git_tree_lookup")
        guard let tree else { throw GitError.nullResult("git_tree_lookup") }
        return GitTree(pointer: tree)
    }
}

/// A commit object; owns its pointer.
final class GitCommit {
    let pointer: OpaquePointer

    init(pointer: OpaquePointer) { self.pointer = pointer }

    deinit { git_commit_free(pointer) }

    var id: git_oid { git_commit_id(pointer).pointee }
    var treeID: git_oid { git_commit_tree_id(pointer).pointee }
    var time: Date { Date(timeIntervalSince1970: TimeInterval(git_commit_time(pointer))) }
    var message: String { git_commit_message(pointer).map { String(cString: $0) } ?? "" }
    var parentID: git_oid? { git_commit_parentcount(pointer) > 0 ? git_commit_parent_id(pointer, 0)?.pointee : nil }
}

/// A blob libgit2 read, freed once nothing holds it; it keeps its repository open until then.
private final class GitBlob {
    private let pointer: OpaquePointer
    private let repository: GitRepository

    init(_ pointer: OpaquePointer, of repository: GitRepository) {
        self.pointer = pointer
        self.repository = repository
    }

    deinit { git_blob_free(pointer) }
}
