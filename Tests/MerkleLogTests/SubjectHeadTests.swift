import Foundation
import Testing

@testable import MerkleLog

/// Root-log leaves with and without a logged time, and the calendar arithmetic behind the time line.
struct SubjectHeadTests {
    let root = Data(repeating: 7, count: 32)

    @Test func aTimedLeafCarriesItsLoggedTimeInWholeSeconds() throws {
        let logged = Date(timeIntervalSince1970: 1_796_083_200.75)  // 2026-12-01T00:00:00.75Z
        let head = SubjectHead(subject: "host:web-01", size: 12, root: root, loggedAt: logged)
        let text = String(decoding: head.leafBytes, as: UTF8.self)
        #expect(text == "vigil.subject-head/v2\nhost:web-01\n12\n\(root.base64EncodedString())\n2026-12-01T00:00:00Z\n")
        let parsed = try #require(SubjectHead(leafBytes: head.leafBytes))
        #expect(parsed == head)
        #expect(parsed.loggedAt == Date(timeIntervalSince1970: 1_796_083_200))
    }

    @Test func versionOneLeavesStillParseWithoutATime() throws {
        let bytes = Data("vigil.subject-head/v1\nhost:a\n3\n\(root.base64EncodedString())\n".utf8)
        let head = try #require(SubjectHead(leafBytes: bytes))
        #expect(head.loggedAt == nil)
        #expect(head.leafBytes == bytes)
    }

    @Test func leavesWithAnyOtherSpellingAreRejected() {
        let base = "vigil.subject-head/v2\nhost:a\n3\n\(root.base64EncodedString())\n"
        for time in ["2026-12-01T00:00:00.000Z", "2026-12-01T00:00:00+00:00", "2026-02-30T00:00:00Z", "2026-12-01T24:00:00Z", ""] {
            #expect(SubjectHead(leafBytes: Data((base + time + "\n").utf8)) == nil, "\(time)")
        }
        #expect(SubjectHead(leafBytes: Data(base.utf8)) == nil, "a v2 leaf needs its time line")
    }

    /// The byte-level reader of common leaves says exactly what the text round trip says, on every
    /// one-byte change of a leaf (where it answers at all; otherwise the round trip decides).
    @Test(arguments: [nil, SubjectHead.Placement(batch: 0x2a, firstLine: 17, lines: 3, previousHead: 1_041)])
    func theFastReaderAgreesWithTheTextRoundTripOnEveryOneByteChange(placement: SubjectHead.Placement?) throws {
        let leaf = SubjectHead(
            subject: "domain:shop.example.org", size: 1_234, root: root,
            loggedAt: Date(timeIntervalSince1970: 1_796_083_200), placement: placement
        ).leafBytes
        #expect(SubjectHead.plain(leaf) == SubjectHead.parsedAsText(leaf))
        #expect(SubjectHead.plain(leaf) != nil)
        var answered = 0
        for position in leaf.indices {
            for byte: UInt8 in [0x00, 0x0A, 0x0D, 0x20, 0x2B, 0x30, 0x39, 0x41, 0x7F, 0xC3, 0xFF, leaf[position] ^ 1] {
                var changed = leaf
                changed[position] = byte
                guard let fast = SubjectHead.plain(changed) else { continue }
                answered += 1
                #expect(fast == SubjectHead.parsedAsText(changed), "byte \(position) = \(byte)")
            }
        }
        #expect(answered > 0)
        for extra in ["\r", "\n", "0", " "] {
            #expect(SubjectHead(leafBytes: leaf + Data(extra.utf8)) == nil)
        }
    }

    @Test func civilDatesMatchFoundationAcrossCenturiesAndLeapDays() throws {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        for seconds in stride(from: -2_208_988_800, through: 4_102_444_800, by: 86_399 * 97) {
            let date = Date(timeIntervalSince1970: TimeInterval(seconds))
            #expect(SubjectHead.format(date) == formatter.string(from: date))
            #expect(SubjectHead.parse(Substring(SubjectHead.format(date))) == date)
        }
        #expect(SubjectHead.parse("2024-02-29T12:00:00Z") != nil)
        #expect(SubjectHead.parse("2100-02-29T12:00:00Z") == nil)
    }

    @Test func recordProofsCarryTheLoggedTimeTheyAreVerifiedWith() throws {
        let proof = RecordProof(
            subject: "host:a", subjectProof: InclusionProof(index: 0, size: 1, hashes: []),
            loggedAt: Date(timeIntervalSince1970: 1_796_083_200),
            rootProof: TlogProof(index: 0, hashes: [], checkpoint: try NoteSignerKey.generate(name: "t/log").sign("t/log\n1\n\(root.base64EncodedString())\n")))
        #expect(proof.text.hasPrefix("vigil.record-proof/v2\nsubject host:a\nindex 0\nsize 1\nlogged 2026-12-01T00:00:00Z\n"))
        let parsed = try RecordProof(text: proof.text)
        #expect(parsed.loggedAt == proof.loggedAt)
        #expect(throws: RecordProof.Failure.malformed("carriage return (record proofs are LF-only)")) {
            try RecordProof(text: proof.text.replacingOccurrences(of: "subject host:a\n", with: "subject host:a\r\n"))
        }
    }

    @Test func aPlacedLeafNamesItsBatchLinesAndPreviousHead() throws {
        let logged = Date(timeIntervalSince1970: 1_796_083_200)
        let placement = SubjectHead.Placement(batch: 42, firstLine: 17, lines: 3, previousHead: 1_041)
        let head = SubjectHead(subject: "host:web-01", size: 12, root: root, loggedAt: logged, placement: placement)
        let text = String(decoding: head.leafBytes, as: UTF8.self)
        #expect(
            text == "vigil.subject-head/v3\nhost:web-01\n12\n\(root.base64EncodedString())\n2026-12-01T00:00:00Z\n000000000000002a 17 3\n1041\n")
        #expect(SubjectHead(leafBytes: head.leafBytes) == head)
        #expect(head.version == 3)
        #expect(SubjectHead.plain(head.leafBytes) == SubjectHead.parsedAsText(head.leafBytes))
        let first = SubjectHead(
            subject: "host:web-01", size: 3, root: root, loggedAt: logged,
            placement: SubjectHead.Placement(batch: .max, firstLine: 0, lines: 3, previousHead: nil))
        #expect(String(decoding: first.leafBytes, as: UTF8.self).hasSuffix("\nffffffffffffffff 0 3\n-\n"))
        #expect(SubjectHead(leafBytes: first.leafBytes) == first)
        #expect(SubjectHead(subject: "a", size: 1, root: root, loggedAt: logged).version == 2)
        #expect(SubjectHead(subject: "a", size: 1, root: root).version == 1)
    }

    /// Each placement line spelled another way, or not fitting the head's size, is no leaf: a head's
    /// first placement covers its whole size, and only it has no previous head.
    @Test func placedLeavesWithAnyOtherSpellingOrRangeAreRejected() {
        let base = "vigil.subject-head/v3\nhost:a\n5\n\(root.base64EncodedString())\n2026-12-01T00:00:00Z\n"
        #expect(SubjectHead(leafBytes: Data((base + "000000000000002a 1 2\n7\n").utf8)) != nil)
        #expect(SubjectHead(leafBytes: Data((base + "000000000000002a 0 5\n-\n").utf8)) != nil)
        for placed in [
            "000000000000002A 1 2\n7\n", "2a 1 2\n7\n", "0000000000000002a 1 2\n7\n", "000000000000002a 01 2\n7\n",
            "000000000000002a +1 2\n7\n", "000000000000002a 1 0\n7\n", "000000000000002a 1 6\n7\n", "000000000000002a -1 2\n7\n",
            "000000000000002a 1 2\n-\n", "000000000000002a 0 5\n7\n", "000000000000002a 1 2\n-7\n", "000000000000002a 1 2\n07\n",
            "000000000000002a 1  2\n7\n", "000000000000002a 1 2 \n7\n", "000000000000002a 1 2\n", "000000000000002a 1 2\n7\n\n", "",
            "000000000000002a 9223372036854775807 2\n7\n",
        ] {
            #expect(SubjectHead(leafBytes: Data((base + placed).utf8)) == nil, "\(placed)")
        }
        let untimed = "vigil.subject-head/v3\nhost:a\n5\n\(root.base64EncodedString())\n000000000000002a 0 5\n-\n"
        #expect(SubjectHead(leafBytes: Data(untimed.utf8)) == nil, "a v3 leaf needs its time line")
    }

    @Test func recordProofsOfPlacedHeadsCarryThePlacementTheyAreVerifiedWith() throws {
        let key = try NoteSignerKey.generate(name: "t/log")
        let record = Data("{\"a\":1}".utf8)
        let logged = Date(timeIntervalSince1970: 1_796_083_200)
        let placement = SubjectHead.Placement(batch: 9, firstLine: 4, lines: 1, previousHead: nil)
        let leaf = SubjectHead(subject: "host:a", size: 1, root: MerkleHash.leaf(record), loggedAt: logged, placement: placement).leafBytes
        let note = try key.sign("t/log\n1\n\(MerkleHash.leaf(leaf).base64EncodedString())\n")
        let proof = RecordProof(
            subject: "host:a", subjectProof: InclusionProof(index: 0, size: 1, hashes: []), loggedAt: logged, placement: placement,
            rootProof: TlogProof(index: 0, hashes: [], checkpoint: note))
        #expect(
            proof.text.hasPrefix(
                "vigil.record-proof/v3\nsubject host:a\nindex 0\nsize 1\nlogged 2026-12-01T00:00:00Z\nbatch 0000000000000009 4 1\nprevious -\n\n"))
        let parsed = try RecordProof(text: proof.text)
        #expect(parsed == proof)
        try parsed.verify(record: record, trusting: [key.verifierKey])
        // Without its placement, or with another, the head rebuilt is not the leaf the log signed.
        for other in [nil, SubjectHead.Placement(batch: 9, firstLine: 5, lines: 1, previousHead: nil)] {
            let changed = RecordProof(
                subject: "host:a", subjectProof: proof.subjectProof, loggedAt: logged, placement: other, rootProof: proof.rootProof)
            #expect(throws: RecordProof.Failure.self) { try changed.verify(record: record, trusting: [key.verifierKey]) }
        }
        for spoiled in ["batch 0000000000000009 4 1\n": "batch 9 4 1\n", "previous -\n": "previous 0\n", "batch ": "lines "] {
            #expect(throws: RecordProof.Failure.self) {
                try RecordProof(text: proof.text.replacingOccurrences(of: spoiled.key, with: spoiled.value))
            }
        }
    }
}
