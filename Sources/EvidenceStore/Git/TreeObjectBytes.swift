internal import CGit2
import Foundation

/// A tree object's content in git's format (`<octal mode> <name>\0<20-byte id>` per entry, in git's
/// order), made from a base tree and the entries a commit sets or removes in it.
///
/// Written without libgit2's treebuilder: its write asks every backend whether the tree exists
/// first, a binary search in the index of each of the store's packs (up to 50 between two `gc`s)
/// and a failed `utime` of a loose path with its error message formatted, for every tree a collect
/// writes; and its inserts read back the header of every object they name. Here the base tree's
/// entries are copied as they are and only the changed ones placed among them.
struct TreeObjectBytes {
    /// An entry set in the tree.
    struct Entry {
        let name: [UInt8]
        let mode: UInt32
        let id: git_oid

        var isTree: Bool { mode == Self.treeMode }

        static let fileMode: UInt32 = 0o100644
        static let treeMode: UInt32 = 0o40000
    }

    /// The content of `base` with the entries named in `removing` taken out and `setting` put in
    /// (replacing any entry of the same name, whatever its kind), or nil when nothing is left.
    static func merging(base: GitTree?, setting: [Entry], removing: [[UInt8]]) throws(GitError) -> [UInt8]? {
        for entry in setting { try validate(entry.name) }
        let added = setting.sorted { precedes($0.name, $0.isTree, $1.name, $1.isTree) }
        var replaced: Set<UnsafeRawPointer> = []
        if let base {
            for name in setting.map(\.name) + removing {
                // Validated, or a removal (a name with a NUL in it names nothing in a tree).
                let found = (name + [0]).withUnsafeBytes { git_tree_entry_byname(base.pointer, $0.baseAddress?.assumingMemoryBound(to: CChar.self)) }
                if let found { replaced.insert(UnsafeRawPointer(found)) }
            }
        }
        var bytes: [UInt8] = []
        let count = base.map { git_tree_entrycount($0.pointer) } ?? 0
        bytes.reserveCapacity((count + added.count) * 48)
        var next = 0
        for index in 0..<count {
            guard let entry = git_tree_entry_byindex(base?.pointer, index), !replaced.contains(UnsafeRawPointer(entry)) else { continue }
            let name = UnsafeRawBufferPointer(start: git_tree_entry_name(entry), count: strlen(git_tree_entry_name(entry)))
            let mode = git_tree_entry_filemode_raw(entry).rawValue
            let isTree = git_tree_entry_type(entry) == GIT_OBJECT_TREE
            while next < added.count, added[next].name.withUnsafeBytes({ precedes($0, added[next].isTree, name, isTree) }) {
                append(added[next], to: &bytes)
                next += 1
            }
            append(mode: mode, name: name, id: git_tree_entry_id(entry), to: &bytes)
        }
        for entry in added[next...] { append(entry, to: &bytes) }
        return bytes.isEmpty ? nil : bytes
    }

    /// git's order: names compared byte by byte, a tree's as if it ended in `/`.
    static func precedes(_ a: [UInt8], _ aIsTree: Bool, _ b: [UInt8], _ bIsTree: Bool) -> Bool {
        a.withUnsafeBytes { a in b.withUnsafeBytes { b in precedes(a, aIsTree, b, bIsTree) } }
    }

    static func precedes(_ a: UnsafeRawBufferPointer, _ aIsTree: Bool, _ b: UnsafeRawBufferPointer, _ bIsTree: Bool) -> Bool {
        let shared = min(a.count, b.count)
        if shared > 0, let left = a.baseAddress, let right = b.baseAddress {
            let order = memcmp(left, right, shared)
            if order != 0 { return order < 0 }
        }
        let slash = UInt8(ascii: "/")
        let afterA = a.count > shared ? a[shared] : (aIsTree ? slash : 0)
        let afterB = b.count > shared ? b[shared] : (bIsTree ? slash : 0)
        return afterA < afterB
    }

    /// A name git accepts in a tree.
    private static func validate(_ name: [UInt8]) throws(GitError) {
        let text = String(decoding: name, as: UTF8.self)
        guard !name.isEmpty, !name.contains(0), !name.contains(UInt8(ascii: "/")), ![".", "..", ".git"].contains(text) else {
            throw GitError(function: "write tree", code: -1, message: "\"\(text)\" cannot name a tree entry")
        }
    }

    private static func append(_ entry: Entry, to bytes: inout [UInt8]) {
        entry.name.withUnsafeBytes { name in withUnsafePointer(to: entry.id) { append(mode: entry.mode, name: name, id: $0, to: &bytes) } }
    }

    private static func append(mode: UInt32, name: UnsafeRawBufferPointer, id: UnsafePointer<git_oid>, to bytes: inout [UInt8]) {
        switch mode {
        case Entry.fileMode: bytes.append(contentsOf: fileModeText)
        case Entry.treeMode: bytes.append(contentsOf: treeModeText)
        default: bytes.append(contentsOf: String(mode, radix: 8).utf8)
        }
        bytes.append(UInt8(ascii: " "))
        bytes.append(contentsOf: name)
        bytes.append(0)
        withUnsafeBytes(of: id.pointee.id) { bytes.append(contentsOf: $0) }
    }

    private static let fileModeText = Array("100644".utf8)
    private static let treeModeText = Array("40000".utf8)
}
