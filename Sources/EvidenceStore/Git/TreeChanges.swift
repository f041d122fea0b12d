internal import CGit2

/// The files a commit sets and removes, folder by folder, as ``GitRepository/writeTree(base:_:)``
/// writes them.
///
/// A commit's new files are gathered here as they are written, each path split once, on bytes
/// (re-splitting at every level was a tenth of a collect): a table of whole paths beside this held
/// every path twice, ~150 MB of a commit of 262,144 records.
struct TreeChanges {
    private(set) var files: [String: git_oid] = [:]
    private(set) var removing: Set<String> = []
    private(set) var folders: [String: TreeChanges] = [:]

    private typealias Components = ArraySlice<Substring.UTF8View>

    var isEmpty: Bool { files.isEmpty && removing.isEmpty && folders.isEmpty }

    /// Sets the file at `path` (`a/b/c`) to `blob`.
    mutating func set(_ path: String, to blob: git_oid) { set(Self.components(path), to: blob) }

    /// Removes the file at `path` from the tree written over.
    mutating func remove(_ path: String) { remove(Self.components(path)) }

    /// The blob set at `path` here, if any.
    func blob(at path: String) -> git_oid? {
        var changes = self
        var components = Self.components(path)
        while components.count > 1, let first = components.first {
            guard let folder = changes.folders[String(decoding: first, as: UTF8.self)] else { return nil }
            changes = folder
            components = components.dropFirst()
        }
        return components.first.flatMap { changes.files[String(decoding: $0, as: UTF8.self)] }
    }

    private static func components(_ path: String) -> Components { path.utf8.split(separator: UInt8(ascii: "/"))[...] }

    private mutating func set(_ path: Components, to blob: git_oid) {
        guard let first = path.first else { return }
        let name = String(decoding: first, as: UTF8.self)
        if path.count == 1 { files[name] = blob } else { folders[name, default: TreeChanges()].set(path.dropFirst(), to: blob) }
    }

    private mutating func remove(_ path: Components) {
        guard let first = path.first else { return }
        let name = String(decoding: first, as: UTF8.self)
        if path.count == 1 { removing.insert(name) } else { folders[name, default: TreeChanges()].remove(path.dropFirst()) }
    }
}
