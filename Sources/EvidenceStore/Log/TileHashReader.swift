import Foundation
import MerkleLog

/// Node hashes of the root log read from its stored tiles: a proof costs a few tile reads, never a
/// pass over all leaves.
struct TileHashReader {
    let size: Int
    let read: (String) throws(StoreError) -> Data?
    /// Where a tile is: in the store (`log/root/tile/…`) by default, `tile/…` in a published copy.
    let path: (TileID) -> String
    private let memo: TileHashMemo

    /// - Parameter memo: what earlier readers of the same tiles read and hashed (a bundle's proofs
    ///   share most of their nodes).
    init(
        size: Int, path: @escaping (TileID) -> String = LogLayout.tilePath, memo: TileHashMemo = TileHashMemo(),
        read: @escaping (String) throws(StoreError) -> Data?
    ) {
        self.size = size
        self.path = path
        self.memo = memo
        self.read = read
    }

    /// `MTH` of the leaves a node covers (non-perfect nodes fold their perfect parts right to left).
    mutating func hash(of node: NodeID) throws(StoreError) -> Data {
        var parts: [Data] = []
        for subtree in node.perfectSubtrees { parts.append(try perfectHash(subtree)) }
        guard var folded = parts.popLast() else { return MerkleHash.emptyRoot }
        while let left = parts.popLast() { folded = MerkleHash.node(left, folded) }
        return folded
    }

    private mutating func perfectHash(_ node: NodeID) throws(StoreError) -> Data {
        if let position = TileLayout.position(of: node) {
            let tile = try tileContent(level: position.level, index: position.index)
            let start = position.offset * MerkleHash.byteCount
            guard tile.count >= start + MerkleHash.byteCount else {
                throw .log("tile level \(position.level) index \(position.index) is too short for \(node)")
            }
            return tile.subdata(in: start..<(start + MerkleHash.byteCount))
        }
        // A level between tile levels: hash its two halves, down to the tile level below (up to 127
        // hashes a node: a bundle of 67k records spent a third of its export here before the memo).
        if let hashed = memo.perfect[node] { return hashed }
        let half = node.width / 2
        let hashed = MerkleHash.node(
            try perfectHash(NodeID(begin: node.begin, end: node.begin + half)),
            try perfectHash(NodeID(begin: node.begin + half, end: node.end)))
        memo.perfect[node] = hashed
        return hashed
    }

    private mutating func tileContent(level: Int, index: Int) throws(StoreError) -> Data {
        let stored = size >> (TileLayout.height * level)
        let width = min(TileLayout.width, stored - index * TileLayout.width)
        guard width > 0 else { throw .log("no tile level \(level) index \(index) in a log of size \(size)") }
        let tile = TileID(level: level, index: index, width: width)
        if let cached = memo.tiles[tile] { return cached }
        guard let data = try read(path(tile)) else { throw .log("\(path(tile)) is missing") }
        guard data.count == width * MerkleHash.byteCount else {
            throw .log("\(path(tile)) holds \(data.count) bytes, expected \(width * MerkleHash.byteCount)")
        }
        memo.tiles[tile] = data
        return data
    }
}

/// Tiles read and perfect-subtree hashes computed, shared by the readers of one log's tiles at one
/// size (a snapshot's): tiles of another size have other widths, so other ids.
final class TileHashMemo {
    var tiles: [TileID: Data] = [:]
    var perfect: [NodeID: Data] = [:]
    /// Entry bundles already split, by tile index: proving a bundle's subject heads one by one read
    /// and split the same bundle again for each (a quarter of a bundle export).
    private var bundles: [Int: [Data]] = [:]
    /// How many bundles are kept, about 40 MB of subject heads; past it, the memo starts again.
    static let bundlesKept = 1_024

    func entries(ofBundle index: Int, reading read: () throws(StoreError) -> [Data]) throws(StoreError) -> [Data] {
        if let known = bundles[index] { return known }
        let entries = try read()
        if bundles.count >= Self.bundlesKept { bundles.removeAll(keepingCapacity: true) }
        bundles[index] = entries
        return entries
    }
}

/// Splits a tlog-tiles entry bundle into its entries (each a big-endian uint16 length, then bytes).
enum EntryBundle {
    static func entries(_ bundle: Data, path: String) throws(StoreError) -> [Data] {
        let bytes = [UInt8](bundle)
        var entries: [Data] = []
        var offset = 0
        while offset < bytes.count {
            guard offset + 2 <= bytes.count else { throw .log("\(path): truncated entry length at byte \(offset)") }
            let length = Int(bytes[offset]) << 8 | Int(bytes[offset + 1])
            offset += 2
            guard offset + length <= bytes.count else { throw .log("\(path): entry at byte \(offset - 2) runs past the end") }
            entries.append(Data(bytes[offset..<(offset + length)]))
            offset += length
        }
        return entries
    }
}

/// The root log's entries in a range, read from the entry bundles of one tree whose log has `size`
/// entries (the bundles are tiles of that size: the last one may be partial).
enum RootLogEntries {
    /// - Parameter memo: where the bundles read are kept for the next read, and looked up first.
    static func read(from start: Int, to end: Int, size: Int? = nil, reader: TreeReader, memo: TileHashMemo? = nil) throws(StoreError) -> [Data] {
        guard end > start else { return [] }
        let size = size ?? end
        var entries: [Data] = []
        var index = start / TileLayout.width
        while index * TileLayout.width < end {
            let width = min(TileLayout.width, size - index * TileLayout.width)
            let tile = TileID(level: 0, index: index, width: width)
            let split = { () throws(StoreError) -> [Data] in
                let path = LogLayout.entriesPath(tile)
                guard let bundle = try reader.read(path) else { throw .tampered("\(path) is missing") }
                let all = try EntryBundle.entries(bundle, path: path)
                guard all.count == width else { throw .tampered("\(path) holds \(all.count) entries, not \(width)") }
                return all
            }
            let all: [Data]
            if let memo { all = try memo.entries(ofBundle: index, reading: split) } else { all = try split() }
            let first = max(start - index * TileLayout.width, 0)
            let last = min(end - index * TileLayout.width, width)
            entries += all[first..<last]
            index += 1
        }
        return entries
    }
}
