import Foundation
import Testing

@testable import EvidenceModel

/// A record read back from bytes keeps them as its own only when writing it again would give them:
/// the parser checks RFC 8785's form as it reads, instead of the record being serialized to compare.
struct CanonicalReadTests {
    static let record = EvidenceRecord(
        kind: "firmware.device", subject: "host:web-01", observedAt: Timestamp.parse("2026-11-20T06:00:00.250Z") ?? .distantPast,
        collector: "fwupd", origin: .observed, source: EvidenceSource(name: "web-01.json", sha256: String(repeating: "ab", count: 32)),
        data: [
            "a": 1, "b": 0.18, "c": "x\u{1F}y\"/é😀\\", "d": [true, false, nil], "é": "k", "😀": 1, "\u{FF61}": 2, "z": -3,
            "big": .number(1e21), "small": .number(1e-7), "tab": "\t\n",
        ])

    @Test func bytesAreKeptOnlyWhenTheyAreTheRecordsCanonicalForm() throws {
        let canonical = String(decoding: Self.record.canonicalData, as: UTF8.self)
        let changes: [(String, String)] = [
            (":", ": "), (",", " ,"), ("{", "{ "), ("\"b\":0.18", "\"b\":0.180"), ("\"a\":1", "\"a\":1.0"), ("\"a\":1", "\"a\":1e0"),
            ("\"z\":-3", "\"z\":-3.0"), ("\"z\":-3", "\"z\":-0"), ("\\u001f", "\\u001F"), ("/", "\\/"), ("é\"", "\\u00e9\""),
            ("😀\\", "\\ud83d\\ude00\\"), ("\"a\":1,\"b\":0.18", "\"b\":0.18,\"a\":1"), ("1e+21", "1E+21"), ("1e+21", "1e21"),
            ("1e-7", "1.0e-7"), ("\\t", "\\u0009"), ("\\\"/", "\\u0022/"), ("06:00:00.250Z", "06:00:00.25Z"),
            ("\"source\":{", "\"source\":{\"extra\":1,"), ("{\"collector\"", "{\"a\":1,\"collector\""), ("}", "} "),
        ]
        var texts = [canonical]
        for (find, replacement) in changes {
            let changed = canonical.replacingOccurrences(of: find, with: replacement)
            #expect(changed != canonical, "\(find) is in the canonical text")
            texts.append(changed)
            if let range = canonical.range(of: find) { texts.append(canonical.replacingCharacters(in: range, with: replacement)) }
        }
        var kept = 0
        for text in texts {
            let bytes = Data(text.utf8)
            guard let read = try? EvidenceRecord(canonicalData: bytes) else { continue }
            let written = try read.writtenCanonically()
            #expect((read.canonicalData == bytes) == (written == bytes), "\(text)")
            #expect(read.canonicalData == written && read.id == SHA256Hex.of(written), "\(text)")
            if read.canonicalData == bytes { kept += 1 }
        }
        #expect(kept == 1, "only the canonical text is kept as it is")
        #expect(texts.count > 40)
    }

    /// `log verify` checks a record without building its `data` (``CanonicalRecordHeader``): it takes
    /// exactly the bytes the full reading keeps as the record's own, whatever is changed deep inside a
    /// member it leaves out, and reads the same id, subject and raw inputs from them.
    @Test func aRecordCheckedWithoutItsDataIsTakenExactlyWhenTheFullReadingKeepsIt() throws {
        let record = EvidenceRecord(
            kind: Self.record.kind, subject: Self.record.subject, observedAt: Self.record.observedAt, collector: Self.record.collector,
            origin: .observed, source: Self.record.source,
            data: Self.record.data.merging([
                "merged_from": [["name": "rotations.json", "sha256": .string(String(repeating: "cd", count: 32))]],
                "nested": ["m": 1, "n": ["p": "q", "r": [1, ["s": 2, "t": 3]]], "é": ["😀": 1, "\u{FF61}": 2]],
            ]) { $1 })
        let canonical = String(decoding: record.canonicalData, as: UTF8.self)
        let changes: [(String, String)] = [
            ("\"s\":2,\"t\":3", "\"t\":3,\"s\":2"), ("\"s\":2,\"t\":3", "\"s\":2,\"s\":2,\"t\":3"), ("\"s\":2", "\"s\": 2"),
            ("\"t\":3", "\"t\":3.0"), ("\"p\":\"q\"", "\"p\":\"\\u0071\""), ("\"😀\":1,\"\u{FF61}\":2", "\"\u{FF61}\":2,\"😀\":1"),
            ("\"m\":1,\"n\"", "\"n\"",), ("\"a\":1,\"b\":0.18", "\"b\":0.18,\"a\":1"), ("\"sha256\":\"cdcd", "\"sha256\":\"CDcd"),
            ("\"merged_from\":[{", "\"merged_from\":[{\"extra\":1,"), (":", ": "), ("06:00:00.250Z", "06:00:00.25Z"),
            ("{\"collector\"", "{\"a\":1,\"collector\""), ("\"s\":2", "\"s\":2,\"s\":3"), ("\"q\"", "\"q\\/\""),
        ]
        var texts = [canonical]
        for (find, replacement) in changes {
            let range = try #require(canonical.range(of: find), "\(find) is in the canonical text")
            texts.append(canonical.replacingCharacters(in: range, with: replacement))
        }
        var taken = 0
        for text in texts {
            let bytes = Data(text.utf8)
            let full = try? EvidenceRecord(canonicalData: bytes)
            let checked = CanonicalRecordHeader(checking: bytes)
            #expect((checked != nil) == (full?.canonicalData == bytes), "\(text)")
            guard let checked, let full else { continue }
            #expect(checked.id == full.id && checked.header == RecordHeader(full) && checked.rawInputDigests == full.rawInputDigests)
            #expect(checked.rawInputDigests.count == 2)
            taken += 1
        }
        // The original, and three changes that are other records in canonical form: `m` removed, a
        // digest in capitals, a member added where it sorts.
        #expect(taken == 4)
    }

    /// Member order is RFC 8785's: UTF-16 code units, where a character beyond U+FFFF (a surrogate
    /// pair) sorts before U+FF61, though its UTF-8 bytes sort after.
    @Test func membersAreOrderedByTheirUTF16CodeUnits() throws {
        let canonical = String(decoding: Self.record.canonicalData, as: UTF8.self)
        let surrogate = try #require(canonical.range(of: "\"😀\":1"))
        let halfwidth = try #require(canonical.range(of: "\"\u{FF61}\":2"))
        #expect(surrogate.lowerBound < halfwidth.lowerBound)
        #expect(CanonicalJSON.precedes("😀", "\u{FF61}") && !CanonicalJSON.precedes("\u{FF61}", "😀"))
        #expect(CanonicalJSON.precedes("a", "b") && !CanonicalJSON.precedes("a", "a") && CanonicalJSON.precedes("a", "ab"))
    }
}
