import EvidenceModel
import Testing

@testable import ControlEngine

/// A control's verdicts gathered in pieces come back as one list, in the order added.
struct ResultPiecesTests {
    private func results(_ range: Range<Int>) -> [SubjectResult] {
        range.map { SubjectResult(subject: "s\($0)", status: $0 % 3 == 0 ? .fail : .pass, reason: "r", evidence: ["e\($0)"]) }
    }

    @Test(arguments: [[0], [1], [3, 5], [ResultPieces.size], [ResultPieces.size - 1, 2, 7], [1_000, ResultPieces.size + 5, 40_000, 1]])
    func resultsComeBackInTheOrderAdded(sizes: [Int]) {
        var pieces = ResultPieces()
        var added: [SubjectResult] = []
        for size in sizes {
            let batch = results(added.count..<(added.count + size))
            pieces.append(contentsOf: batch)
            added += batch
        }
        #expect(pieces.count == added.count)
        #expect(pieces.isEmpty == added.isEmpty)
        let taken = pieces.take()
        #expect(taken == added)
        // Joined at its size (give or take what malloc rounds up), not grown by doubling.
        #expect(taken.capacity <= max(added.count, ResultPieces.size) * 101 / 100 + 64)
        #expect(pieces.isEmpty)
        #expect(pieces.take().isEmpty)
    }
}
