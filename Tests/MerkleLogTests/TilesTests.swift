import Testing

@testable import MerkleLog

struct TilePathTests {
    @Test(arguments: [
        (0, "000"), (5, "005"), (999, "999"), (1000, "x001/000"), (1_234_067, "x001/x234/067"),
        (3_057_500, "x003/x057/500"), (123_456_078, "x123/x456/078"),
    ])
    func indexIsWrittenInThreeDigitGroupsWithXPrefixes(index: Int, encoded: String) {
        #expect(TilePath.encodedIndex(index) == encoded)
    }

    @Test func fullTilesHaveNoWidthSuffixAndPartialTilesDo() {
        #expect(TilePath.tile(level: 0, index: 1_234_067) == "tile/0/x001/x234/067")
        #expect(TilePath.tile(level: 5, index: 123_456_078, width: 2) == "tile/5/x123/x456/078.p/2")
        #expect(TilePath.tile(level: 1, index: 0, width: 256) == "tile/1/000")
        #expect(TilePath.entries(index: 3_057_500) == "tile/entries/x003/x057/500")
        #expect(TilePath.entries(index: 1, width: 17) == "tile/entries/001.p/17")
        #expect(TileID(level: 2, index: 0, width: 1).path == "tile/2/000.p/1")
    }
}

struct TileLayoutTests {
    @Test func specExampleTreeOf70000LeavesHasTheExpectedTiles() {
        let tiles = TileLayout.tiles(forSize: 70_000)
        #expect(tiles.filter { $0.level == 0 && !$0.isPartial }.count == 273)
        #expect(
            tiles.filter(\.isPartial) == [
                TileID(level: 0, index: 273, width: 112), TileID(level: 1, index: 1, width: 17), TileID(level: 2, index: 0, width: 1),
            ])
        #expect(tiles.filter { $0.level == 1 && !$0.isPartial } == [TileID(level: 1, index: 0, width: 256)])
        #expect(tiles.count == 273 + 1 + 1 + 1 + 1)
    }

    @Test func growingRewritesOnlyTheTilesWhoseContentChanged() {
        #expect(TileLayout.tilesChanged(from: 10, to: 10) == [])
        #expect(TileLayout.tilesChanged(from: 10, to: 11) == [TileID(level: 0, index: 0, width: 11)])
        #expect(
            TileLayout.tilesChanged(from: 250, to: 600) == [
                TileID(level: 0, index: 0, width: 256), TileID(level: 0, index: 1, width: 256),
                TileID(level: 0, index: 2, width: 88), TileID(level: 1, index: 0, width: 2),
            ])
        #expect(TileLayout.tilesChanged(from: 256, to: 257) == [TileID(level: 0, index: 1, width: 1)])
        #expect(TileLayout.tilesChanged(from: 0, to: 0) == [])
    }

    @Test func changedTilesAreExactlyThoseWhoseContentDiffers() throws {
        var generator = SeededGenerator(state: 256)
        let tree = try MerkleTree(leafHashes: randomLeafHashes(1_100, using: &generator))
        for (old, new) in [(0, 1), (255, 256), (256, 513), (700, 1_100), (1_024, 1_025)] {
            let oldTiles = Set(TileLayout.tiles(forSize: old))
            let newTiles = TileLayout.tiles(forSize: new)
            #expect(TileLayout.tilesChanged(from: old, to: new) == newTiles.filter { !oldTiles.contains($0) })
        }
        #expect(tree.content(of: TileID(level: 0, index: 4, width: 76)).count == 76 * 32)
    }

    @Test func nodesAtMultiplesOfEightLevelsLiveInTiles() {
        #expect(TileLayout.position(of: NodeID(level: 0, index: 700)) ?? (-1, -1, -1) == (0, 2, 188))
        #expect(TileLayout.position(of: NodeID(level: 8, index: 3)) ?? (-1, -1, -1) == (1, 0, 3))
        #expect(TileLayout.position(of: NodeID(level: 3, index: 3)) == nil)
        #expect(TileLayout.position(of: NodeID(begin: 0, end: 3)) == nil)
        #expect(TileID(level: 1, index: 2, width: 2).nodes == [NodeID(level: 8, index: 512), NodeID(level: 8, index: 513)])
    }
}
