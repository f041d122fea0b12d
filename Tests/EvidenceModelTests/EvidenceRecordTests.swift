import Foundation
import Testing

@testable import EvidenceModel

struct EvidenceRecordTests {
    static let sample = EvidenceRecord(
        kind: "firmware.device", subject: "host:web-01",
        observedAt: Timestamp.parse("2026-11-20T06:00:00Z") ?? .distantPast, collector: "fwupd", origin: .observed,
        source: EvidenceSource(name: "web-01.devices.json", sha256: String(repeating: "ab", count: 32)),
        data: ["Name": "System Firmware", "Version": "1.2.3", "Flags": ["internal", "updatable"]])

    @Test func idIsTheSHA256OfTheCanonicalBytes() {
        let canonical = String(decoding: Self.sample.canonicalData, as: UTF8.self)
        #expect(canonical.hasPrefix("{\"collector\":\"fwupd\",\"data\":{\"Flags\":[\"internal\",\"updatable\"]"))
        #expect(canonical.contains("\"observed_at\":\"2026-11-20T06:00:00Z\""))
        #expect(Self.sample.id == SHA256Hex.of(Self.sample.canonicalData))
        #expect(Self.sample.id.count == 64)
    }

    /// A record's bytes are written member by member, not through its `jsonValue`: the two agree
    /// byte for byte, whatever its strings, numbers and keys hold.
    @Test func writtenCanonicallyIsTheCanonicalJSONOfItsValue() throws {
        let odd: [String: JSONValue] = [
            "quote\"back\\slash": "line\nbreak\u{01}tab\t", "é": "ünïcode ✓", "😀": ["z": 1, "a": -0.0],
            "numbers": [0, -1, 42, 1e21, 1.5, -2.25e-7, 9_007_199_254_740_993, -123_456_789, 0.1],
            "nested": ["b": [true, false, .null], "a": [:], "": []],
        ]
        for data in [Self.sample.data, odd, [:]] {
            let record = EvidenceRecord(
                kind: "kind \"q\"", subject: "subject:ü\u{7f}", observedAt: Date(timeIntervalSince1970: 1_790_000_000.123),
                collector: "c", origin: .declared, source: EvidenceSource(name: "n\\", sha256: "s"), data: data)
            #expect(try record.writtenCanonically() == CanonicalJSON.data(record.jsonValue))
            #expect(record.canonicalData == (try CanonicalJSON.data(record.jsonValue)))
        }
    }

    @Test func sameContentGivesSameIdAndAnyChangeGivesAnother() {
        let again = EvidenceRecord(
            kind: Self.sample.kind, subject: Self.sample.subject, observedAt: Self.sample.observedAt,
            collector: "fwupd", origin: .observed, source: Self.sample.source, data: Self.sample.data)
        #expect(again.id == Self.sample.id)
        let declared = EvidenceRecord(
            kind: Self.sample.kind, subject: Self.sample.subject, observedAt: Self.sample.observedAt,
            collector: "fwupd", origin: .declared, source: Self.sample.source, data: Self.sample.data)
        #expect(declared.id != Self.sample.id)
    }

    @Test func recordReadsBackFromItsCanonicalBytes() throws {
        let back = try EvidenceRecord(canonicalData: Self.sample.canonicalData)
        #expect(back == Self.sample)
        #expect(back.id == Self.sample.id)
        // A byte that is not UTF-8 inside a string is refused, and where it is said.
        var bytes = Self.sample.canonicalData
        let at = try #require(bytes.firstRange(of: Data("fwupd".utf8))).lowerBound
        bytes[at] = 0xFF
        #expect {
            _ = try EvidenceRecord(canonicalData: bytes)
        } throws: { error in
            "\(error)".contains("byte \(at - bytes.startIndex)") && "\(error)".contains("not UTF-8")
        }
    }

    /// The fields read from a record's bytes without its data are the record's own; data that is not
    /// an object, or not JSON, is refused as when the whole record is read.
    @Test func aHeaderReadsTheRecordsFieldsWithoutItsData() throws {
        #expect(try RecordHeader(canonicalData: Self.sample.canonicalData) == RecordHeader(Self.sample))
        #expect(try RecordHeader(canonicalData: Self.sample.canonicalData, knownUTF8: true) == RecordHeader(Self.sample))
        let bytes = String(decoding: Self.sample.canonicalData, as: UTF8.self)
        let brokenData = Data(bytes.replacingOccurrences(of: #""Version":"1.2.3""#, with: #""Version":1.2.3.4"#).utf8)
        #expect(throws: EvidenceRecord.DecodingFailure.self) { try RecordHeader(canonicalData: brokenData) }
        var notUTF8 = Self.sample.canonicalData
        notUTF8.replaceSubrange(notUTF8.range(of: Data("System".utf8))!, with: [0xC3, 0x28, 0x73, 0x74, 0x65, 0x6D])
        #expect(throws: EvidenceRecord.DecodingFailure.invalid(field: "$", reason: "not UTF-8 text")) {
            try RecordHeader(canonicalData: notUTF8)
        }
        #expect(throws: EvidenceRecord.DecodingFailure.invalid(field: "data", reason: "not an object")) {
            try RecordHeader(canonicalData: Data(bytes.replacingOccurrences(of: #""data":{"#, with: #""data":["x"],"d":{"#).utf8))
        }
    }

    @Test func recordWithoutObservedAtIsRejectedNamingTheField() {
        var json = Self.sample.jsonValue.objectValue ?? [:]
        json["observed_at"] = "yesterday"
        #expect(throws: EvidenceRecord.DecodingFailure.invalid(field: "observed_at", reason: "not an RFC 3339 timestamp")) {
            try EvidenceRecord(json: .object(json))
        }
    }
}

struct JSONParsingTests {
    @Test func truncatedDocumentIsReportedAsEndingEarly() {
        #expect(throws: JSONParseError(location: "line 2, end of file", reason: "truncated JSON: the document ends early")) {
            try JSONValue.parse(Data("{\"a\":\n[1,".utf8))
        }
    }

    @Test func syntaxErrorNamesLineAndColumn() throws {
        do {
            _ = try JSONValue.parse(Data("{\"a\": 1,\n  \"b\": tru }".utf8))
            Issue.record("expected a syntax error")
        } catch {
            #expect(error.location.hasPrefix("line 2, column "))
            #expect(error.reason == "expected true, found 'tru'")
        }
    }

    @Test func emptyAndNonUTF8InputsAreRejected() {
        #expect(throws: JSONParseError(location: "line 1", reason: "empty file")) { try JSONValue.parse(Data()) }
        #expect(throws: JSONParseError(location: "byte 0", reason: "not UTF-8 text")) { try JSONValue.parse(Data([0xff, 0xfe, 0x80])) }
    }

    @Test func nestedValuesParse() throws {
        let value = try JSONValue.parse(Data(#"{"a":[true,null,1.5,"x"],"b":{"c":-2}}"#.utf8))
        #expect(value == ["a": [true, nil, 1.5, "x"], "b": ["c": -2]])
    }
}
