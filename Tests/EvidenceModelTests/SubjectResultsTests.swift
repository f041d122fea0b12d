import EvidenceModel
import Foundation
import Testing

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
}
