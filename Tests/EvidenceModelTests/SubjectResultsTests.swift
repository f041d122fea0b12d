import Foundation
import Testing
import VigilTestSupport

@testable import EvidenceModel

/// A control's verdicts kept in pieces read as the one list they were added as.
struct SubjectResultsTests {
    private func results(_ range: Range<Int>) -> [SubjectResult] {
        range.map { SubjectResult(subject: "s\($0)", status: $0 % 3 == 0 ? .fail : .pass, reason: "r", evidence: ["e\($0)"]) }
    }

    private static let size = SubjectResults.Builder.pieceSize

    @Test(arguments: [[0], [1], [3, 5], [size], [size - 1, 2, 7], [1_000, size + 5, 40_000, 1], [2 * size + 1]])
    func piecesReadAsTheListAddedByPositionAndInOrder(sizes: [Int]) {
        var builder = SubjectResults.Builder()
        var added: [SubjectResult] = []
        for size in sizes {
            let batch = results(added.count..<(added.count + size))
            if size == 1 { builder.append(batch[0]) } else { builder.append(contentsOf: batch) }
            added += batch
        }
        #expect(builder.count == added.count)
        #expect(builder.isEmpty == added.isEmpty)
        let taken = builder.take()
        #expect(Array(taken) == added)
        #expect(taken.count == added.count)
        // By position, across every piece's edge.
        for position in stride(from: 0, to: added.count, by: 997) { #expect(taken[position] == added[position]) }
        for position in [Self.size - 1, Self.size, Self.size + 1, added.count - 1] where added.indices.contains(position) {
            #expect(taken[position] == added[position])
        }
        #expect(taken == SubjectResults(added))
        #expect(taken.hashValue == SubjectResults(added).hashValue)
        #expect(builder.isEmpty && builder.take().isEmpty)
    }

    @Test func listsDifferingInOneVerdictOrItsPlaceAreNotEqual() {
        let all = results(0..<(Self.size + 3))
        var builder = SubjectResults.Builder()
        builder.append(contentsOf: all)
        let pieced = builder.take()
        var changed = all
        changed[Self.size + 1] = SubjectResult(subject: "s\(Self.size + 1)", status: .pass, reason: "other", evidence: ["e\(Self.size + 1)"])
        // Compared as booleans: a failure would print every verdict of both.
        #expect((pieced == SubjectResults(changed)) == false)
        #expect((pieced == SubjectResults(Array(all.dropLast()))) == false)
        #expect((pieced == SubjectResults(all.reversed())) == false)
        #expect((pieced == SubjectResults(all)) == true)
    }

    @Test func encodedAsTheListItReplaces() throws {
        var builder = SubjectResults.Builder()
        let all = results(0..<(Self.size + 2))
        builder.append(contentsOf: all)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let pieced = try encoder.encode(builder.take())
        #expect(pieced == (try encoder.encode(all)))
        #expect(try JSONDecoder().decode(SubjectResults.self, from: pieced) == SubjectResults(all))
    }

    /// Verdicts of every shape a check makes: with and without evidence, acceptance and observation
    /// time; none, all or some of their evidence late; ids as hex and as text; names beyond ASCII.
    static let shapes: [SubjectResult] = {
        let hex = (0..<3).map { String(repeating: "\($0)", count: 64) }
        var results = [
            SubjectResult(subject: "arn:aws:kms:eu-west-1:1:key/a", status: .pass, reason: "last rotation 67.0 days ago", evidence: [hex[0]]),
            SubjectResult(subject: "", status: .missing, reason: ""),
            SubjectResult(
                subject: "hôte:é-01 \u{7f}", status: .accepted, reason: "accepted until 2026-12-01", evidence: [hex[1], "not-hex", hex[2]],
                acceptance: "RA-7", observedAt: Date(timeIntervalSinceReferenceDate: 815_000_000.123_456_7)),
            SubjectResult(subject: "host:b", status: .notApplicable, reason: "r", evidence: hex, observedAt: Date(timeIntervalSince1970: -1.5)),
            SubjectResult(subject: "host:c", status: .error, reason: String(repeating: "long ", count: 100), evidence: [hex[0], hex[1]]),
        ]
        results[0].late = [hex[0]]  // all of its evidence
        results[2].late = ["not-hex"]  // some
        results[3].late = [hex[2], hex[0]]  // some, out of order
        return results
    }()

    @Test func aVerdictReadsBackFromItsBytesAsItWas() throws {
        var writer = ByteWriter()
        for result in Self.shapes { SubjectResultBytes.append(result, to: &writer) }
        var reader = ByteReader(bytes: writer.bytes)
        for result in Self.shapes {
            let read = try SubjectResultBytes.read(&reader)
            #expect(read == result)
            #expect(read.late == result.late && read.observedAt == result.observedAt)
            // Status and lateness are kept beside the bytes, in one byte.
            let mark = SubjectResultBytes.mark(of: result)
            #expect(SubjectResultBytes.status(ofMark: mark) == result.status)
            #expect(SubjectResultBytes.isLate(mark: mark) == !result.late.isEmpty)
        }
        #expect(reader.isAtEnd)
        // Cut anywhere, the bytes are not a verdict.
        var one = ByteWriter()
        SubjectResultBytes.append(Self.shapes[2], to: &one)
        for end in 0..<one.bytes.count {
            var cut = ByteReader(bytes: Array(one.bytes[..<end]))
            #expect(throws: ByteReader.Malformed.self) { try SubjectResultBytes.read(&cut) }
        }
    }

    @Test(arguments: [(0, 1), (1, 2), (2, 3), (0, 7)])
    func spooledPiecesReadAsHeldOnesAndLeaveNothingBehind(held: Int, size: Int) throws {
        let folder = try TemporaryFolder()
        let all =
            (0..<4).flatMap { round in
                Self.shapes.map { SubjectResult(subject: "\($0.subject)\(round)", status: $0.status, reason: $0.reason, evidence: $0.evidence) }
            } + Self.shapes
        let spool = ResultSpool(in: folder.url, holding: held, pieceSize: size)
        var builder = SubjectResults.Builder(spool: spool)
        builder.append(contentsOf: all.prefix(3))
        for result in all.dropFirst(3) { builder.append(result) }
        let results = builder.take()
        #expect(spool.spooledPieces == all.count / size - held)
        // Statuses and late evidence are counted without reading a piece back.
        #expect(results.statuses == all.map(\.status))
        #expect(results.lateCount == all.count { !$0.late.isEmpty } && results.lateCount > 0)
        #expect(spool.piecesReadBack == 0)
        #expect(Array(results) == all)
        #expect(results == SubjectResults(all) && results.hashValue == SubjectResults(all).hashValue)
        for position in all.indices {
            #expect(results[position] == all[position])
            var from = results.iterator(from: position)
            var read: [SubjectResult] = []
            while let result = from.next() { read.append(result) }
            #expect(read == Array(all[position...]))
            #expect(from.next() == nil)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).isEmpty)
    }

    @Test func aSpoolThatCannotBeMadeKeepsTheVerdictsInMemory() throws {
        let folder = try TemporaryFolder()
        let missing = folder.url.appendingPathComponent("not-there")
        let spool = ResultSpool(in: missing, holding: 0, pieceSize: 1)
        var builder = SubjectResults.Builder(spool: spool)
        builder.append(contentsOf: Self.shapes)
        #expect(Array(builder.take()) == Self.shapes)
        #expect(spool.spooledPieces == 0)
    }

    @Test func aLargeAppendAndSmallOnesAroundItReadBack() throws {
        let folder = try TemporaryFolder()
        let spool = try SpoolFile(in: folder.url, named: "test")
        let sizes = [10, 3 << 20, 5, (1 << 20) - 1, 1, 2 << 20, 7]
        var places: [(SpoolFile.Place, [UInt8])] = []
        for (number, size) in sizes.enumerated() {
            let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ number) }
            places.append((try spool.append(bytes), bytes))
            // Read back at once, and every earlier one again.
            for (place, bytes) in places { #expect(try spool.read(place) == Data(bytes)) }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).isEmpty)
        // A place nothing was spooled at is a failure, not bytes.
        #expect(throws: FileProblem.self) { try spool.read(SpoolFile.Place(offset: 1 << 40, count: 1)) }
        #expect(throws: FileProblem.self) { try SpoolFile(in: folder.url.appendingPathComponent("gone"), named: "test") }
    }
}
