/// Pure tlog-tiles arithmetic: which tiles exist for a tree size, which change as it grows, and
/// where a tree node's hash is stored.
public enum TileLayout {
    /// Tree levels per tile level.
    public static let height = 8
    /// Hashes in a full tile (`2^height`).
    public static let width = 1 << height

    /// Every tile of a tree of `size` leaves: full tiles plus at most one partial tile per level,
    /// lowest level first.
    public static func tiles(forSize size: Int) -> [TileID] {
        tilesChanged(from: 0, to: size)
    }

    /// The tiles that are new or different at `newSize` compared with `oldSize` (`oldSize <= newSize`),
    /// lowest level first and left to right: exactly the tiles a writer must (re)write.
    ///
    /// The entry bundles that change are those of the level-0 tiles in this list (same index and width).
    public static func tilesChanged(from oldSize: Int, to newSize: Int) -> [TileID] {
        precondition(0 <= oldSize && oldSize <= newSize, "sizes must grow: \(oldSize) → \(newSize)")
        var tiles: [TileID] = []
        var level = 0
        while height * level < Int.bitWidth - 1, newSize >> (height * level) > 0 {
            let oldCount = oldSize >> (height * level)  // hashes stored at this tile level
            let newCount = newSize >> (height * level)
            if newCount > oldCount {
                for index in (oldCount / width)...((newCount - 1) / width) {
                    tiles.append(TileID(level: level, index: index, width: min(width, newCount - index * width)))
                }
            }
            level += 1
        }
        return tiles
    }

    /// Where the hash of a perfect node is stored: its tile (as of a tree that has completed that
    /// tile's first `offset + 1` hashes) and its position in it; `nil` when the node's level is
    /// not a multiple of 8 (then it is hashed from a lower tile instead).
    public static func position(of node: NodeID) -> (level: Int, index: Int, offset: Int)? {
        guard let level = node.level, let index = node.index, level % height == 0 else { return nil }
        return (level / height, index / width, index % width)
    }
}
