import Foundation
import MerkleLog

/// Reads the pinned interop vectors copied under `Vectors/`.
enum Vectors {
    static let root: URL = {
        guard let url = Bundle.module.url(forResource: "Vectors", withExtension: nil) else {
            preconditionFailure("Vectors resource missing from the test bundle")
        }
        return url
    }()

    static func data(_ path: String) throws -> Data {
        try Data(contentsOf: root.appendingPathComponent(path))
    }

    static func text(_ path: String) throws -> String {
        String(decoding: try data(path), as: UTF8.self)
    }

    /// The first line of a one-line file (e.g. a vkey).
    static func line(_ path: String) throws -> String {
        String(try text(path).split(separator: "\n")[0])
    }

    /// Relative paths of the JSON files under a directory, sorted.
    static func jsonFiles(under directory: String) -> [String] {
        let base = root.appendingPathComponent(directory)
        guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { return [] }
        return walker.compactMap { $0 as? URL }
            .filter { $0.pathExtension == "json" }
            .map { directory + "/" + String($0.path.dropFirst(base.path.count + 1)) }
            .sorted()
    }
}

/// A Go transparency-dev/merkle inclusion probe.
/// Go's sizes are uint64; ours are Int, so values above Int.max (like 2^64 - 1 from "leafIdx - 1")
/// arrive as their two's-complement negatives, which the verifiers reject as out of range.
struct InclusionProbe: Decodable {
    private let leafIdxBits: UInt64
    private let treeSizeBits: UInt64
    var leafIdx: Int { Int(truncatingIfNeeded: leafIdxBits) }
    var treeSize: Int { Int(truncatingIfNeeded: treeSizeBits) }
    let root: Data
    let leafHash: Data
    let proof: [Data]?
    let desc: String
    let wantErr: Bool

    private enum CodingKeys: String, CodingKey {
        case leafIdxBits = "leafIdx", treeSizeBits = "treeSize", root, leafHash, proof, desc, wantErr
    }
}

/// A Go transparency-dev/merkle consistency probe (sizes converted as for ``InclusionProbe``).
struct ConsistencyProbe: Decodable {
    private let size1Bits: UInt64
    private let size2Bits: UInt64
    var size1: Int { Int(truncatingIfNeeded: size1Bits) }
    var size2: Int { Int(truncatingIfNeeded: size2Bits) }
    let root1: Data
    let root2: Data
    let proof: [Data]?
    let desc: String
    let wantErr: Bool

    private enum CodingKeys: String, CodingKey {
        case size1Bits = "size1", size2Bits = "size2", root1, root2, proof, desc, wantErr
    }
}

extension Data {
    init(hex: String) {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        self.init(bytes)
    }

    var hex: String { map { String(format: "%02x", $0) }.joined() }

    /// A copy with one bit flipped.
    func flippingBit(_ bit: Int) -> Data {
        var copy = self
        copy[copy.startIndex + bit / 8] ^= UInt8(1 << (bit % 8))
        return copy
    }
}

/// A deterministic generator (SplitMix64) so random-tree tests are reproducible.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Leaf hashes of `count` distinct random entries.
func randomLeafHashes(_ count: Int, using generator: inout SeededGenerator) -> [Data] {
    (0..<count).map { _ in MerkleHash.leaf(Data((0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) })) }
}

/// The merkle testonly leaves and the roots of their prefixes (sizes 0...8).
enum RFC6962Vectors {
    static let leaves = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"]
        .map { Data(hex: $0) }
    static let roots = [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ].map { Data(hex: $0) }
    static var leafHashes: [Data] { leaves.map { MerkleHash.leaf($0) } }
}

/// The tessera test log's entries (one per line of leaves.txt) and vkey.
enum TesseraVectors {
    static func leaves() throws -> [Data] {
        try Vectors.text("tessera-testdata-log/leaves.txt").split(separator: "\n").map { Data($0.utf8) }
    }

    static func checkpointPath(size: Int) -> String { "tessera-testdata-log/checkpoint.\(size)" }
}
