/// A tlog-tiles tile: `width` consecutive hashes of one tile level.
///
/// Tile levels are 8 tree levels apart: tile `index` at tile level `level` holds the hashes of the
/// perfect subtrees at tree level `8·level` with indices `256·index ..< 256·index + width`
/// (leaf hashes at tile level 0). Its content is those 32-byte hashes concatenated.
/// A tile with `width < 256` is partial and is never hashed into the level above.
public struct TileID: Sendable, Hashable {
    /// The tile level (0 holds leaf hashes).
    public let level: Int
    /// The tile's index within its level.
    public let index: Int
    /// How many hashes it holds, `1...256`.
    public let width: Int

    /// A tile; requires `level >= 0`, `index >= 0` and `1 <= width <= 256`.
    public init(level: Int, index: Int, width: Int) {
        precondition(level >= 0 && index >= 0 && (1...TileLayout.width).contains(width), "bad tile \(level)/\(index)/\(width)")
        self.level = level
        self.index = index
        self.width = width
    }

    /// Whether the tile holds fewer than 256 hashes.
    public var isPartial: Bool { width < TileLayout.width }

    /// The tree nodes whose hashes make up the tile, in order.
    public var nodes: [NodeID] {
        (0..<width).map { NodeID(level: TileLayout.height * level, index: index * TileLayout.width + $0) }
    }

    /// The tile's path, e.g. `tile/1/x001/234.p/17`.
    public var path: String { TilePath.tile(level: level, index: index, width: width) }

    /// For a level-0 tile, the path of the entry bundle holding the same entries.
    public var entriesPath: String { TilePath.entries(index: index, width: width) }
}

extension TileID: CustomStringConvertible {
    public var description: String { path }
}
