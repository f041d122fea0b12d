/// Resource paths of c2sp.org/tlog-tiles, relative to the log's prefix.
public enum TilePath {
    /// `tile/<L>/<N>[.p/<W>]`; `width` 256 means a full tile (no `.p/` suffix).
    public static func tile(level: Int, index: Int, width: Int = TileLayout.width) -> String {
        "tile/\(level)/\(encodedIndex(index))\(partialSuffix(width))"
    }

    /// `tile/entries/<N>[.p/<W>]`: the bundle of entries `256·index ..< 256·index + width`.
    public static func entries(index: Int, width: Int = TileLayout.width) -> String {
        "tile/entries/\(encodedIndex(index))\(partialSuffix(width))"
    }

    /// The spec's index encoding: zero-padded 3-digit groups, all but the last prefixed with `x`
    /// (1234067 → `x001/x234/067`, 5 → `005`), which keeps directories at ≤ 1000 entries.
    public static func encodedIndex(_ index: Int) -> String {
        precondition(index >= 0, "negative tile index \(index)")
        var groups: [String] = []
        var rest = index
        repeat {
            let group = String(rest % 1000)
            groups.append(String(repeating: "0", count: 3 - group.count) + group)
            rest /= 1000
        } while rest > 0
        return groups.reversed().enumerated()
            .map { $0.offset == groups.count - 1 ? $0.element : "x" + $0.element }
            .joined(separator: "/")
    }

    private static func partialSuffix(_ width: Int) -> String {
        precondition((1...TileLayout.width).contains(width), "tile width \(width) is outside 1...256")
        return width == TileLayout.width ? "" : ".p/\(width)"
    }
}
