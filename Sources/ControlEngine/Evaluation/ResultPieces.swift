import EvidenceModel

/// One control's verdicts as the slices of a run add them: in pieces allocated once each, at their
/// full size, and joined once at the end into a list of exactly their number.
///
/// One array growing by doubling held twice its results at once as it grew (the old buffer and the
/// new) and up to twice as many slots as results: its last growth was the peak of a check of 400k
/// keys (~100 MB of 211). Pieces of ``size`` results are large enough to be mapped memory of their
/// own, so each is given back whole once it is joined.
struct ResultPieces: Sendable {
    /// Results a piece holds: 4 MB at ~128 bytes a result.
    static let size = 32_768

    private var pieces: [[SubjectResult]] = []
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }

    mutating func append(contentsOf results: [SubjectResult]) {
        guard !results.isEmpty else { return }
        if let last = pieces.indices.last, pieces[last].count + results.count <= pieces[last].capacity {
            pieces[last].append(contentsOf: results)
        } else {
            var piece: [SubjectResult] = []
            piece.reserveCapacity(max(Self.size, results.count))
            piece.append(contentsOf: results)
            pieces.append(piece)
        }
        count += results.count
    }

    /// Every result in the order added, the pieces let go one by one as they are joined.
    mutating func take() -> [SubjectResult] {
        if pieces.count == 1 {
            defer { self = ResultPieces() }
            return pieces[0]
        }
        var all: [SubjectResult] = []
        all.reserveCapacity(count)
        for index in pieces.indices {
            all.append(contentsOf: pieces[index])
            pieces[index] = []
        }
        self = ResultPieces()
        return all
    }
}
