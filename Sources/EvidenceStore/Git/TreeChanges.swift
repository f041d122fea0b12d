internal import CGit2
import EvidenceModel

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
    /// Folders whose changes were written already (``GitRepository/writeFolder(_:of:over:)``), by
    /// their new tree: a subject's folder is written once it is complete, so that a commit of 100k
    /// subjects holds one entry for each, not a table of its files (~1 KB a subject).
    /// By their names in 32 bytes (``HexOrText``): as strings, the two folders of each of a commit's
    /// 262,144 subjects were ~420 bytes a subject with their entries.
    private(set) var written: [HexOrText: git_oid] = [:]

    private typealias Components = ArraySlice<Substring.UTF8View>

    var isEmpty: Bool { files.isEmpty && removing.isEmpty && folders.isEmpty && written.isEmpty }

    /// Sets the file at `path` (`a/b/c`) to `blob`.
    mutating func set(_ path: String, to blob: git_oid) { set(Self.components(path), to: blob) }

    /// Removes the file at `path` from the tree written over.
    mutating func remove(_ path: String) { remove(Self.components(path)) }

    /// The blob set at `path` here, if any.
    func blob(at path: String) -> git_oid? { parent(of: path).flatMap { $0.changes.files[$0.name] } }

    /// The tree the folder `path` was written as here (``setWritten(_:to:)``), if it was.
    func written(at path: String) -> git_oid? { parent(of: path).flatMap { $0.changes.written[HexOrText($0.name)] } }

    /// The changes of the folder holding `path`, and the name `path` has in it.
    private func parent(of path: String) -> (changes: TreeChanges, name: String)? {
        var changes = self
        var components = Self.components(path)
        while components.count > 1, let first = components.first {
            guard let folder = changes.folders[String(decoding: first, as: UTF8.self)] else { return nil }
            changes = folder
            components = components.dropFirst()
        }
        return components.first.map { (changes, String(decoding: $0, as: UTF8.self)) }
    }

    /// Takes out the changes under the folder `path`, to be written now; ``setWritten(_:to:)`` then
    /// puts the tree written in their place.
    mutating func takeFolder(_ path: String) -> TreeChanges { takeFolder(Self.components(path)) }

    /// The folder `path` is the tree `tree` (nil: it is gone). Changes set under it later are
    /// written over that tree.
    mutating func setWritten(_ path: String, to tree: git_oid?) { setWritten(Self.components(path), to: tree) }

    private mutating func takeFolder(_ path: Components) -> TreeChanges {
        guard let first = path.first else { return TreeChanges() }
        let name = String(decoding: first, as: UTF8.self)
        if path.count == 1 { return folders.removeValue(forKey: name) ?? TreeChanges() }
        return folders[name, default: TreeChanges()].takeFolder(path.dropFirst())
    }

    private mutating func setWritten(_ path: Components, to tree: git_oid?) {
        guard let first = path.first else { return }
        let name = String(decoding: first, as: UTF8.self)
        guard path.count == 1 else { return folders[name, default: TreeChanges()].setWritten(path.dropFirst(), to: tree) }
        if let tree { written[HexOrText(name)] = tree } else { written[HexOrText(name)] = nil; removing.insert(name) }
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
