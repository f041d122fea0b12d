internal import CGit2
import Foundation

/// Objects to roll into one new pack: some existing packs and, optionally, every loose object.
struct RepackGroup {
    var packs: [GitPackFile]
    var loose: [(id: git_oid, path: String)]

    var isWorthRepacking: Bool { packs.count >= 2 || !loose.isEmpty }
}

extension GitRepository {
    /// Writes every object of `group` into one new pack with libgit2's packbuilder (delta-compressed,
    /// fsynced, renamed into `objects/pack`), then checks that the new pack holds each of them.
    ///
    /// Objects reachable from the group's commits go in through a revision walk, so they carry their
    /// paths and each version of a file is deltified against the one before it; whatever else the
    /// group holds (an unreachable leftover) goes in by id. Nothing is deleted here.
    /// - Returns: the new pack.
    /// - Parameter progress: told as libgit2 goes: the stage (`deltas`, `writing`), objects done, of how many.
    func repack(
        _ group: RepackGroup, threads: Int, progress: @escaping (String, Int, Int) -> Void = { _, _, _ in }
    ) throws(GitError) -> GitPackFile {
        let members = try objectDatabase(of: group)
        defer { git_odb_free(members) }
        var builder: OpaquePointer?
        try GitError.check(git_packbuilder_new(&builder, pointer), "git_packbuilder_new")
        guard let builder else { throw GitError.nullResult("git_packbuilder_new") }
        defer { git_packbuilder_free(builder) }
        git_packbuilder_set_threads(builder, UInt32(max(1, threads)))

        try insertCommits(in: members, into: builder)
        let ids = try objectIDs(in: members)
        for var id in ids { try GitError.check(git_packbuilder_insert(builder, &id, nil), "git_packbuilder_insert") }

        let files = GitObjectFiles(objectsPath: objectsPath)
        // libgit2 calls back with a payload pointer: the Swift closure rides in a box it keeps alive.
        let box = Unmanaged.passRetained(RepackProgress(progress))
        defer { box.release() }
        git_packbuilder_set_callbacks(
            builder,
            { stage, current, total, payload in
                guard let payload, stage == Int32(GIT_PACKBUILDER_DELTAFICATION.rawValue) else { return 0 }
                Unmanaged<RepackProgress>.fromOpaque(payload).takeUnretainedValue().report("deltas", Int(current), Int(total))
                return 0
            }, box.toOpaque())
        try GitError.check(
            git_packbuilder_write(
                builder, files.packFolder, 0,
                { stats, payload in
                    guard let stats, let payload else { return 0 }
                    let box = Unmanaged<RepackProgress>.fromOpaque(payload).takeUnretainedValue()
                    box.report("writing", Int(stats.pointee.indexed_objects), Int(stats.pointee.total_objects))
                    return 0
                }, box.toOpaque()), "git_packbuilder_write")
        guard let name = git_packbuilder_name(builder).map({ "pack-" + String(cString: $0) }),
            let written = files.packs().first(where: { $0.name == name })
        else { throw GitError.nullResult("git_packbuilder_name") }

        var check: UnsafeMutablePointer<git_odb_backend>?
        var packed: OpaquePointer?
        try GitError.check(git_odb_new(&packed), "git_odb_new")
        defer { git_odb_free(packed) }
        try GitError.check(git_odb_backend_one_pack(&check, written.indexPath), "git_odb_backend_one_pack")
        try GitError.check(git_odb_add_backend(packed, check, 1), "git_odb_add_backend")
        for var id in ids where git_odb_exists(packed, &id) != 1 {
            throw GitError(function: "repack", code: -1, message: "\(written.name) lacks \(GitObjectID(id).hex)")
        }
        return written
    }

    /// An object database of just the group's packs and loose objects, to ask what the group holds.
    private func objectDatabase(of group: RepackGroup) throws(GitError) -> OpaquePointer? {
        var odb: OpaquePointer?
        try GitError.check(git_odb_new(&odb), "git_odb_new")
        do {
            for pack in group.packs {
                var backend: UnsafeMutablePointer<git_odb_backend>?
                try GitError.check(git_odb_backend_one_pack(&backend, pack.indexPath), "git_odb_backend_one_pack")
                try GitError.check(git_odb_add_backend(odb, backend, 2), "git_odb_add_backend")
            }
            if !group.loose.isEmpty {
                var backend: UnsafeMutablePointer<git_odb_backend>?
                try GitError.check(git_odb_backend_loose(&backend, objectsPath, -1, 0, 0, 0), "git_odb_backend_loose")
                try GitError.check(git_odb_add_backend(odb, backend, 1), "git_odb_add_backend")
            }
        } catch {
            git_odb_free(odb)
            throw error
        }
        return odb
    }

    /// Inserts the group's commits and, walking their trees, every object the group holds, each
    /// named by its path (``PackNameHint``).
    private func insertCommits(in members: OpaquePointer?, into builder: OpaquePointer) throws(GitError) {
        var seen: Set<ObjectKey> = []
        let isMember = { (id: git_oid) -> Bool in
            var copy = id
            return git_odb_exists(members, &copy) == 1
        }
        for commit in try commitsOldestFirst() where isMember(commit) {
            try walk(commit: commit, where: isMember, seen: &seen) { id, path throws(GitError) in
                var id = id
                let hint = path.map(PackNameHint.forPath)
                try GitError.check(git_packbuilder_insert(builder, &id, hint), "git_packbuilder_insert")
            }
        }
    }

    /// Visits `commit`, when `isMember` accepts it, and the objects of its tree that `isMember`
    /// accepts, each once, with its path (nil for the commit), parents before children.
    /// A tree it rejects is not entered: what that tree holds was written with it or before (and
    /// anything a walk misses can still go in by id).
    func walk(
        commit: git_oid, where isMember: (git_oid) -> Bool, seen: inout Set<ObjectKey>,
        _ visit: (git_oid, _ path: String?) throws(GitError) -> Void
    ) throws(GitError) {
        if isMember(commit) { try visit(commit, nil) }
        try walkTree(try lookupCommit(commit).treeID, path: "", isMember: isMember, seen: &seen, visit)
    }

    private func walkTree(
        _ tree: git_oid, path: String, isMember: (git_oid) -> Bool, seen: inout Set<ObjectKey>,
        _ visit: (git_oid, _ path: String?) throws(GitError) -> Void
    ) throws(GitError) {
        guard isMember(tree), seen.insert(ObjectKey(tree)).inserted else { return }
        try visit(tree, path)
        for entry in try lookupTree(tree).entries {
            let child = path.isEmpty ? entry.name : "\(path)/\(entry.name)"
            if entry.isTree {
                try walkTree(entry.id, path: child, isMember: isMember, seen: &seen, visit)
                continue
            }
            guard isMember(entry.id), seen.insert(ObjectKey(entry.id)).inserted else { continue }
            try visit(entry.id, child)
        }
    }

    /// Every object id an object database holds.
    private func objectIDs(in odb: OpaquePointer?) throws(GitError) -> [git_oid] {
        var ids: [git_oid] = []
        let code = withUnsafeMutablePointer(to: &ids) { box in
            git_odb_foreach(
                odb,
                { id, payload in
                    guard let id, let payload else { return -1 }
                    payload.assumingMemoryBound(to: [git_oid].self).pointee.append(id.pointee)
                    return 0
                }, box)
        }
        try GitError.check(code, "git_odb_foreach")
        return ids
    }
}

/// A git object id as a cheap hash key (no hex string per object on walks over millions).
struct ObjectKey: Hashable {
    private let head: UInt64
    private let middle: UInt64
    private let tail: UInt64

    /// The first 20 bytes (a SHA-1 id), read as three overlapping words.
    init(_ oid: git_oid) {
        (head, middle, tail) = withUnsafeBytes(of: oid.id) { raw in
            (
                raw.loadUnaligned(as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
                raw.loadUnaligned(fromByteOffset: 12, as: UInt64.self)
            )
        }
    }
}

/// The progress closure of a repack, in a class so that libgit2's callbacks can carry it as a pointer.
final class RepackProgress {
    let report: (String, Int, Int) -> Void
    init(_ report: @escaping (String, Int, Int) -> Void) { self.report = report }
}
