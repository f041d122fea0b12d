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
