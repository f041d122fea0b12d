internal import CGit2
import Foundation

/// When a collect packs the store by itself, read from the store's git config as `git gc --auto` does.
public struct PackingPolicy: Sendable, Equatable {
    /// `gc.auto`: pack once about this many loose objects have piled up (git's estimate); 0 never.
    public var looseObjectLimit: Int
    /// `gc.autoPackLimit`: consolidate once there are more packs than this; 0 never.
    public var packLimit: Int

    public init(looseObjectLimit: Int, packLimit: Int) {
        self.looseObjectLimit = looseObjectLimit
        self.packLimit = packLimit
    }

    /// git's own defaults.
    public static let gitDefaults = PackingPolicy(looseObjectLimit: 6_700, packLimit: 50)
}

/// How the store's objects sit on disk.
public struct ObjectStorage: Sendable, Equatable {
    public let packs: Int
    public let packedObjects: Int
    public let looseObjects: Int
    /// Bytes of the files under `objects/`.
    public let bytes: Int64
}

/// What one packing run did.
public struct PackingResult: Sendable {
    public let before: ObjectStorage
    public let after: ObjectStorage
    /// The pack written (`pack-<hex>`), nil when there was nothing to roll up.
    public let newPack: String?
    public let packsRemoved: Int
    public let looseRemoved: Int
    /// Files of interrupted writes that were cleared away.
    public let leftoversRemoved: [String]
}

/// Where a packing run stops early: the crash points the tests simulate.
enum PackingStop {
    case afterNewPack
    case afterOldPacks
}

extension EvidenceStore {
    public func objectStorage() -> ObjectStorage {
        let files = GitObjectFiles(objectsPath: repository.objectsPath)
        let packs = files.packs()
        return ObjectStorage(
            packs: packs.count, packedObjects: packs.reduce(0) { $0 + $1.objectCount },
            looseObjects: files.looseObjects().count, bytes: files.totalBytes())
    }

    /// `gc.auto` and `gc.autoPackLimit` of the store's config, git's defaults where unset.
    public func packingPolicy() throws(StoreError) -> PackingPolicy {
        try gitCall { () throws(GitError) in
            var config: OpaquePointer?
            try GitError.check(git_repository_config_snapshot(&config, repository.pointer), "git_repository_config_snapshot")
            defer { git_config_free(config) }
            func value(_ name: String, _ fallback: Int) throws(GitError) -> Int {
                var result: Int32 = 0
                let code = git_config_get_int32(&result, config, name)
                if code == GIT_ENOTFOUND.rawValue { return fallback }
                try GitError.check(code, "git_config_get_int32(\(name))")
                return Int(result)
            }
            let defaults = PackingPolicy.gitDefaults
            return PackingPolicy(
                looseObjectLimit: try value("gc.auto", defaults.looseObjectLimit),
                packLimit: try value("gc.autoPackLimit", defaults.packLimit))
        }
    }

    /// Whether `policy` calls for packing now: cheap enough to ask after every collect.
    public func needsPacking(_ policy: PackingPolicy) -> Bool {
        let files = GitObjectFiles(objectsPath: repository.objectsPath)
        if policy.looseObjectLimit > 0 && files.estimatedLooseCount() > policy.looseObjectLimit { return true }
        return policy.packLimit > 0 && files.packs().count > policy.packLimit
    }

    /// Packs when the store's policy calls for it (after a collect). Call only under the workspace lock.
    public func packIfNeeded() throws(StoreError) -> PackingResult? {
        guard needsPacking(try packingPolicy()) else { return nil }
        return try pack(all: false)
    }

    /// Rolls loose objects and packs into one new pack, then removes what it now holds.
    ///
    /// `all` repacks everything into a single pack; otherwise only the small packs are rolled up so
    /// that the rest form a geometric progression (each pack at least twice the size of all smaller
    /// ones together): every object is rewritten O(log n) times, and there are O(log n) packs.
    ///
    /// Order keeps the store valid at every instant: leftovers of crashed runs go first, the new
    /// pack is fsynced and renamed into place and checked to hold every object of the group, and only
    /// then are the old packs and loose files deleted, each only if the new pack has it. A crash
    /// anywhere leaves at worst duplicates. Call only under the workspace lock.
    /// - Parameter progress: told as the new pack is built: stage, objects done, of how many.
    public func pack(all: Bool, progress: @escaping (String, Int, Int) -> Void = { _, _, _ in }) throws(StoreError) -> PackingResult {
        try pack(all: all, stoppingAfter: nil, progress: progress)
    }

    func pack(
        all: Bool, stoppingAfter stop: PackingStop?, progress: @escaping (String, Int, Int) -> Void = { _, _, _ in }
    ) throws(StoreError) -> PackingResult {
        let files = GitObjectFiles(objectsPath: repository.objectsPath)
        let before = objectStorage()
        let leftovers = files.leftovers().filter { (try? FileManager.default.removeItem(atPath: $0)) != nil }
        // A pack with a `.keep` file is left alone, as git does.
        let packs = files.packs().filter { !FileManager.default.fileExists(atPath: "\($0.folder)/\($0.name).keep") }
        let group = RepackGroup(packs: all ? packs : Self.rollup(packs, loose: before.looseObjects), loose: files.looseObjects())
        guard group.isWorthRepacking else {
            return PackingResult(
                before: before, after: objectStorage(), newPack: nil, packsRemoved: 0, looseRemoved: 0,
                leftoversRemoved: leftovers)
        }
        let written = try repository.withSingleDeltaCandidate { () throws(StoreError) in
            try gitCall { () throws(GitError) in
                try repository.repack(group, threads: ProcessInfo.processInfo.activeProcessorCount, progress: progress)
            }
        }
        if stop == .afterNewPack { return partial(before, written, leftovers) }

        var packsRemoved = 0
        for old in group.packs where old.name != written.name {
            // The index first: a reader never finds an index whose pack is gone.
            for suffix in [".idx", ".pack", ".rev", ".keep", ".bitmap", ".mtimes", ".promisor"] {
                try? FileManager.default.removeItem(atPath: "\(old.folder)/\(old.name)\(suffix)")
            }
            packsRemoved += 1
        }
        if stop == .afterOldPacks { return partial(before, written, leftovers) }

        var looseRemoved = 0
        for object in group.loose where unlink(object.path) == 0 { looseRemoved += 1 }
        for folder in Set(group.loose.map { ($0.path as NSString).deletingLastPathComponent }) { rmdir(folder) }
        try gitCall { () throws(GitError) in try repository.reopenObjectDatabase() }
        return PackingResult(
            before: before, after: objectStorage(), newPack: written.name, packsRemoved: packsRemoved,
            looseRemoved: looseRemoved, leftoversRemoved: leftovers)
    }

    private func partial(_ before: ObjectStorage, _ written: GitPackFile, _ leftovers: [String]) -> PackingResult {
        PackingResult(
            before: before, after: objectStorage(), newPack: written.name, packsRemoved: 0, looseRemoved: 0,
            leftoversRemoved: leftovers)
    }

    /// The smallest packs to roll up (with `loose` loose objects) so that the packs left, and the
    /// new one, form a geometric progression of factor 2.
    static func rollup(_ packs: [GitPackFile], loose: Int) -> [GitPackFile] {
        let ascending = packs.sorted { ($0.objectCount, $0.name) < ($1.objectCount, $1.name) }
        var rolled = loose
        for split in ascending.indices {
            let rest = ascending[split...]
            let progression = zip(rest, rest.dropFirst()).allSatisfy { $1.objectCount >= 2 * $0.objectCount }
            if progression && ascending[split].objectCount >= 2 * rolled { return Array(ascending[..<split]) }
            rolled += ascending[split].objectCount
        }
        return ascending
    }
}
