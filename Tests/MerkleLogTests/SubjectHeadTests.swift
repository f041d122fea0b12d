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
    @Test func theFastReaderAgreesWithTheTextRoundTripOnEveryOneByteChange() throws {
        let leaf = SubjectHead(
            subject: "domain:shop.example.org", size: 1_234, root: root,
            loggedAt: Date(timeIntervalSince1970: 1_796_083_200)
        ).leafBytes
        #expect(SubjectHead.plainV2(leaf) == SubjectHead.parsedAsText(leaf))
        #expect(SubjectHead.plainV2(leaf) != nil)
        var answered = 0
        for position in leaf.indices {
            for byte: UInt8 in [0x00, 0x0A, 0x0D, 0x20, 0x2B, 0x30, 0x39, 0x41, 0x7F, 0xC3, 0xFF, leaf[position] ^ 1] {
                var changed = leaf
                changed[position] = byte
                guard let fast = SubjectHead.plainV2(changed) else { continue }
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
}
