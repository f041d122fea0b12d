import Foundation
import MerkleLog
import Testing

@testable import EvidenceStore

/// Every path the store layout defines is recognised, in exactly the spelling Vigil writes; anything
/// else is foreign (`log verify` names it).
struct StorePathTests {
    let hash = String(repeating: "ab", count: 32)

    @Test func everyPathOfTheLayoutIsRecognised() {
        #expect(StorePath(".gitattributes") == .attributes)
        #expect(StorePath("format") == .format)
        #expect(StorePath("log/checkpoint") == .checkpoint)
        #expect(StorePath("log/root/compact") == .rootCompact)
        #expect(StorePath("raw/\(hash)") == .raw(sha256: hash))
        #expect(StorePath("subjects/ab/\(hash)/subject") == .subjectName(folder: "subjects/ab/\(hash)"))
        #expect(StorePath("subjects/ab/\(hash)/entries") == .entries(folder: "subjects/ab/\(hash)"))
        #expect(StorePath("subjects/ab/\(hash)/records/\(hash).json") == .record(folder: "subjects/ab/\(hash)", id: hash))
        #expect(StorePath("log/subjects/ab/\(hash)/compact") == .subjectCompact(folder: "log/subjects/ab/\(hash)"))
        #expect(StorePath("log/subjects/ab/\(hash)/head") == .subjectHead(folder: "log/subjects/ab/\(hash)"))
        for tile in [TileID(level: 0, index: 0, width: 7), TileID(level: 1, index: 1_234_067, width: 256), TileID(level: 2, index: 5, width: 1)] {
            #expect(StorePath(LogLayout.tilePath(tile)) == .tile(tile))
            if tile.level == 0 { #expect(StorePath(LogLayout.entriesPath(tile)) == .entryBundle(tile)) }
        }
    }

    @Test func foreignOrMisspelledPathsAreNot() {
        let foreign = [
            "notes.txt", "subjects/zz", "raw/junk", "raw/\(hash.uppercased())", "subjects/cd/\(hash)/subject",
            "subjects/ab/\(hash)/records/x.json", "subjects/ab/\(hash)/other", "log/subjects/ff/notasubject/compact",
            "log/root/tile/0/5", "log/root/tile/0/005.p/0", "log/root/tile/0/005.p/257", "log/root/tile/0/x1/005",
            "log/root/tile/entries/005.p/256", "log/root/tile/999/000", "format/x", "log/checkpoint2",
        ]
        for path in foreign { #expect(StorePath(path) == nil, "\(path)") }
    }
}
