import Foundation

/// One control's verdicts, in order: a list read by position like an array, kept in pieces.
///
/// A check gathers a control's verdicts as its slices judge them; joined into one array at the end,
/// the array and the pieces it was joined from were both held on the heap at the peak of a check of
/// 400k keys (51 MB each). Kept in the pieces they were gathered in, nothing is joined: every piece
/// but the last holds the builder's piece size exactly, so a position is found by a division. A
/// piece is held, or was written to a ``ResultSpool`` and is read back from it.
public struct SubjectResults: RandomAccessCollection, Sendable, Hashable, ExpressibleByArrayLiteral {
    /// Verdicts held, or spooled to a file (``ResultSpool``).
    fileprivate enum Piece: Sendable {
        case held([SubjectResult])
        case spooled(SpooledResults)

        var count: Int {
            switch self {
            case .held(let results): results.count
            case .spooled(let results): results.count
            }
        }
    }

    private let pieces: [Piece]
    /// How many verdicts each piece but the last holds.
    private let pieceSize: Int
    public let count: Int

    /// The verdicts of one array, kept as it is.
    public init(_ results: [SubjectResult]) {
        pieces = results.isEmpty ? [] : [.held(results)]
        pieceSize = Swift.max(results.count, 1)
        count = results.count
    }

    public init(arrayLiteral results: SubjectResult...) {
        self.init(results)
    }

    fileprivate init(pieces: [Piece], pieceSize: Int, count: Int) {
        self.pieces = pieces
        self.pieceSize = pieceSize
        self.count = count
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(position: Int) -> SubjectResult {
        precondition(position >= 0 && position < count, "a result's position out of range")
        switch pieces[position / pieceSize] {
        case .held(let results): return results[position % pieceSize]
        case .spooled(let results): return results[position % pieceSize]
        }
    }

    /// Each verdict's status, in order: of a spooled verdict read from its bytes alone, without
    /// reading the rest of it (a control's status and tally read every verdict's).
    public var statuses: [Status] {
        var statuses: [Status] = []
        statuses.reserveCapacity(count)
        for piece in pieces {
            switch piece {
            case .held(let results): statuses += results.lazy.map(\.status)
            case .spooled(let results): results.forEachStatus { statuses.append($0) }
            }
        }
        return statuses
    }

    /// How many verdicts name evidence logged late (``SubjectResult/late``), read as ``statuses`` is.
    public var lateCount: Int {
        pieces.reduce(0) { count, piece in
            switch piece {
            case .held(let results): count + results.count { !$0.late.isEmpty }
            case .spooled(let results): count + results.lateCount
            }
        }
    }

    /// Piece by piece, without a division per verdict; a spooled piece's bytes read once.
    public func makeIterator() -> Iterator { Iterator(pieces: pieces) }

    /// The verdicts from `position` on, read as ``makeIterator()`` reads them: two read side by side
    /// by position would read a spooled piece again for every verdict.
    public func iterator(from position: Int) -> Iterator {
        guard position < count else { return Iterator(pieces: []) }
        return Iterator(pieces: pieces, piece: position / pieceSize, offset: position % pieceSize)
    }

    public struct Iterator: IteratorProtocol {
        fileprivate let pieces: [Piece]
        private var piece = 0
        private var offset = 0
        /// The reader of the spooled piece being read, at its next verdict.
        private var spooled: ByteReader?

        fileprivate init(pieces: [Piece], piece: Int = 0, offset: Int = 0) {
            (self.pieces, self.piece, self.offset) = (pieces, piece, offset)
        }

        public mutating func next() -> SubjectResult? {
            while piece < pieces.count {
                if offset < pieces[piece].count {
                    defer { offset += 1 }
                    switch pieces[piece] {
                    case .held(let results): return results[offset]
                    case .spooled(let results):
                        var reader = spooled ?? ByteReader(bytes: results.bytes, from: Int(results.starts[offset]), end: .max)
                        let result = SpooledResults.next(from: &reader)
                        spooled = reader
                        return result
                    }
                }
                (piece, offset, spooled) = (piece + 1, 0, nil)
            }
            return nil
        }
    }

    /// The same verdicts in the same order, however they are pieced.
    public static func == (lhs: SubjectResults, rhs: SubjectResults) -> Bool {
        lhs.count == rhs.count && lhs.elementsEqual(rhs)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for result in self { hasher.combine(result) }
    }

    /// Verdicts added one run after another, in pieces of at most ``pieceSize``: one array growing by
    /// doubling held its old and new buffers at once, and up to twice the slots. A slice's verdicts
    /// of a large control fill a piece allocated at its full size at once.
    public struct Builder: Sendable {
        /// Verdicts a piece holds: 4 MB at ~128 bytes a verdict, large enough to be mapped memory of
        /// its own, so a piece is given back whole.
        public static let pieceSize = 32_768

        private var pieces: [Piece] = []
        /// The last piece, while it fills.
        private var filling: [SubjectResult] = []
        private let spool: ResultSpool?
        private let pieceSize: Int
        public private(set) var count = 0

        /// With `spool`, full pieces (of its size) go to it once it holds as many as it keeps in memory.
        public init(spool: ResultSpool? = nil) {
            self.spool = spool
            pieceSize = spool?.pieceSize ?? Self.pieceSize
        }

        public var isEmpty: Bool { count == 0 }

        public mutating func append(_ result: SubjectResult) {
            append(contentsOf: CollectionOfOne(result))
        }

        public mutating func append<Results: Collection<SubjectResult>>(contentsOf results: Results) {
            var rest = results[...]
            while !rest.isEmpty {
                if filling.isEmpty {
                    // A control of a few subjects takes a few slots; one of many, a whole piece at once.
                    filling.reserveCapacity(Swift.min(pieceSize, Swift.max(rest.count, 256)))
                }
                let part = rest.prefix(pieceSize - filling.count)
                filling.append(contentsOf: part)
                rest = rest[part.endIndex...]
                count += part.count
                if filling.count == pieceSize { endPiece() }
            }
        }

        private mutating func endPiece() {
            pieces.append(spool?.spool(filling).map(Piece.spooled) ?? .held(filling))
            filling = []
        }

        /// The verdicts added, in order; the builder is left empty.
        public mutating func take() -> SubjectResults {
            if !filling.isEmpty { pieces.append(.held(filling)) }
            defer { self = Builder(spool: spool) }
            return SubjectResults(pieces: pieces, pieceSize: pieceSize, count: count)
        }
    }
}

extension SubjectResults: Codable {
    /// A list of verdicts, as the array it replaces was written.
    public init(from decoder: any Decoder) throws {
        self.init(try [SubjectResult](from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        var list = encoder.unkeyedContainer()
        for result in self { try list.encode(result) }
    }
}
