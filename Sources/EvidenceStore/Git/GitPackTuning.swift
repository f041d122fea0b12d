internal import CGit2
import Foundation

extension GitRepository {
    /// Runs `body` with the packbuilder's delta window cut to one candidate.
    ///
    /// libgit2 tries ten candidates per object, each a full delta computation; with objects sorted
    /// so that each path's versions sit side by side (see ``PackNameHint``), the one before is the
    /// base worth trying, and ten times the work buys nothing. libgit2 reads `pack.windowMemory` when
    /// a packbuilder is made (the window keeps at least one object whatever the limit), so the
    /// repository's config is swapped for one holding just that key while `body` runs.
    func withSingleDeltaCandidate<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-pack-\(UUID().uuidString).config")
        defer { try? FileManager.default.removeItem(at: file) }
        let original = try gitCall { () throws(GitError) -> OpaquePointer? in
            do { try Data("[pack]\n\twindowMemory = 1\n".utf8).write(to: file) } catch {
                throw GitError(function: "write \(file.path)", code: -1, message: "\(error)")
            }
            var original: OpaquePointer?
            try GitError.check(git_repository_config(&original, pointer), "git_repository_config")
            var tuned: OpaquePointer?
            defer { git_config_free(tuned) }
            do throws(GitError) {
                try GitError.check(git_config_new(&tuned), "git_config_new")
                try GitError.check(git_config_add_file_ondisk(tuned, file.path, GIT_CONFIG_LEVEL_APP, pointer, 0), "git_config_add_file_ondisk")
                try GitError.check(git_repository_set_config(pointer, tuned), "git_repository_set_config")
            } catch {
                git_config_free(original)
                throw error
            }
            return original
        }
        defer {
            git_repository_set_config(pointer, original)
            git_config_free(original)
        }
        return try body()
    }
}

/// The name hint handed to libgit2's packbuilder for an object found at `path`.
///
/// The packbuilder sorts delta candidates by a hash of the hint's last sixteen characters, then by
/// size. Every subject's `entries` (or `records` tree) ends in the same sixteen characters, so the
/// versions of one subject's file would be scattered among thousands of others; a hint that is a
/// hash of the whole path puts each path's versions side by side, newest (largest) first.
enum PackNameHint {
    static func forPath(_ path: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a 64
        for byte in path.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return String(hash, radix: 16).leftPadded(to: 16)
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}

extension GitRepository {
    /// Closes the packs libgit2 has open and drops the objects it cached; the next read reopens them.
    ///
    /// libgit2 keeps state for each pack it has read from for as long as the pack is open (its
    /// mapped index, and a cache of delta bases of up to 16 MiB for a pack `vigil gc` deltified),
    /// with no option to bound it over all packs: a collect staging commit after commit, each adding
    /// a pack, held more with every pack (400k lines in commits of 65,536: 440 → 377 MiB closed).
    func closePacks() {
        _ = git_repository__cleanup(pointer)
    }
}
