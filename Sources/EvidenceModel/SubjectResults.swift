/// One control's verdicts, in order: a list read by position like an array, kept in pieces.
///
/// A check gathers a control's verdicts as its slices judge them; joined into one array at the end,
/// the array and the pieces it was joined from were both held at the peak of a check of 400k keys
/// (51 MB each). Kept in the pieces they were gathered in, nothing is joined: every piece but the
/// last holds exactly ``Builder/pieceSize`` verdicts, so a position is found by a division.
public struct SubjectResults: RandomAccessCollection, Sendable, Hashable, ExpressibleByArrayLiteral {
    private let pieces: [[SubjectResult]]
    /// How many verdicts each piece but the last holds.
    private let pieceSize: Int
    public let count: Int

    /// The verdicts of one array, kept as it is.
    public init(_ results: [SubjectResult]) {
        pieces = results.isEmpty ? [] : [results]
        pieceSize = Swift.max(results.count, 1)
        count = results.count
    }

    public init(arrayLiteral results: SubjectResult...) {
        self.init(results)
    }

    fileprivate init(pieces: [[SubjectResult]], pieceSize: Int, count: Int) {
        self.pieces = pieces
        self.pieceSize = pieceSize
        self.count = count
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(position: Int) -> SubjectResult {
        precondition(position >= 0 && position < count, "a result's position out of range")
        return pieces[position / pieceSize][position % pieceSize]
    }

    /// Piece by piece, without a division per verdict.
    public func makeIterator() -> Iterator { Iterator(pieces: pieces) }

    public struct Iterator: IteratorProtocol {
        fileprivate let pieces: [[SubjectResult]]
        private var piece = 0
        private var offset = 0

        fileprivate init(pieces: [[SubjectResult]]) { self.pieces = pieces }

        public mutating func next() -> SubjectResult? {
            while piece < pieces.count {
                if offset < pieces[piece].count {
                    defer { offset += 1 }
                    return pieces[piece][offset]
                }
                (piece, offset) = (piece + 1, 0)
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

    /// Verdicts added one run after another, in pieces allocated once each at their full size (one
    /// array growing by doubling held its old and new buffers at once, and up to twice the slots).
    public struct Builder: Sendable {
        /// Verdicts a piece holds: 4 MB at ~128 bytes a verdict, large enough to be mapped memory of
        /// its own, so a piece is given back whole.
        public static let pieceSize = 32_768

        private var pieces: [[SubjectResult]] = []
        public private(set) var count = 0

        public init() {}

        public var isEmpty: Bool { count == 0 }

        public mutating func append(_ result: SubjectResult) {
            append(contentsOf: CollectionOfOne(result))
        }

        public mutating func append<Results: Collection<SubjectResult>>(contentsOf results: Results) {
            var rest = results[...]
            while !rest.isEmpty {
                if pieces.last.map({ $0.count == Self.pieceSize }) ?? true {
                    var piece: [SubjectResult] = []
                    // A control of a few subjects takes a few slots; one of many, a whole piece at once.
                    piece.reserveCapacity(Swift.min(Self.pieceSize, Swift.max(rest.count, 256)))
                    pieces.append(piece)
                }
                let last = pieces.count - 1
                let part = rest.prefix(Self.pieceSize - pieces[last].count)
                pieces[last].append(contentsOf: part)
                rest = rest[part.endIndex...]
                count += part.count
            }
        }

        /// The verdicts added, in order; the builder is left empty.
        public mutating func take() -> SubjectResults {
            defer { self = Builder() }
            return SubjectResults(pieces: pieces, pieceSize: Self.pieceSize, count: count)
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
