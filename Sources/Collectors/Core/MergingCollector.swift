import EvidenceModel

/// A collector whose records may join responses spread over several inputs of one run.
///
/// `aws kms describe-key`, `get-key-rotation-status` and `list-key-rotations` are three commands:
/// scripts often write them to three files of a folder. A merging collector sees every input of a
/// run together and still rejects inputs one by one, so one bad file never costs the others.
public protocol MergingCollector: EvidenceCollector {
    /// One outcome per input, in order: the records whose `source` is that input (an input that only
    /// contributed to another input's records has none), made as they are taken, or why that input
    /// was rejected. Every input is checked before any outcome is returned.
    func merge(_ inputs: [CollectorInput]) -> [Result<MergedRecords, CollectionFailure>]
}

extension MergingCollector {
    /// Every input's records at once.
    public func records(merging inputs: [CollectorInput]) -> [Result<[EvidenceRecord], CollectionFailure>] {
        merge(inputs).map { outcome in outcome.flatMap { merged in Result { () throws(CollectionFailure) in try merged.all() } } }
    }

    /// A single input is a run of one.
    public func records(from input: CollectorInput) throws(CollectionFailure) -> [EvidenceRecord] {
        switch records(merging: [input])[0] {
        case .success(let records): return records
        case .failure(let failure): throw failure
        }
    }
}

/// The records of one input of a merged run, made a batch at a time as they are taken: a run of
/// 100k keys holds one batch of records, not all of them, beside what makes those not taken yet (a
/// few hundred bytes a key of a join, read again from the inputs' files). A batch's records are
/// made on every core, each alone.
///
/// Taking lets go of what made the records taken, which copies share: take from one copy only
/// (``all()`` lets nothing go).
public struct MergedRecords: Sendable {
    /// Makes the record at a position; throws only when what the record is read from changed since
    /// the input was checked (a file).
    public typealias Maker = @Sendable (_ position: Int) throws(CollectionFailure) -> EvidenceRecord
    /// How many records the input has.
    public let count: Int
    private let make: Maker
    /// Told, after each batch, how many records were taken: what made them can be let go.
    private let taken: (@Sendable (_ count: Int) -> Void)?
    private var next = 0

    /// - Parameters:
    ///   - make: called once for each position in `0..<count`, in order of taking, on any thread.
    ///   - taken: called after each batch (when no record is being made) with how many were taken.
    public init(count: Int, make: @escaping Maker, taken: (@Sendable (_ count: Int) -> Void)? = nil) {
        self.count = count
        self.make = make
        self.taken = taken
    }

    /// An input with no records of its own (it added to another input's).
    public static let none = MergedRecords(count: 0) { position throws(CollectionFailure) in
        preconditionFailure("no record at \(position)")
    }

    /// The next (at most) `size` records; empty once all were taken.
    public mutating func take(_ size: Int) throws(CollectionFailure) -> [EvidenceRecord] {
        let positions = next..<min(count, next + max(1, size))
        next = positions.upperBound
        let made = try records(at: positions)
        taken?(next)
        return made
    }

    /// All records not taken yet.
    public func all() throws(CollectionFailure) -> [EvidenceRecord] {
        try records(at: next..<count)
    }

    private func records(at positions: Range<Int>) throws(CollectionFailure) -> [EvidenceRecord] {
        // Making a key's record (its responses parsed again, serialized and hashed) was a fifth of a collect.
        try ParallelShares.map(Array(positions), minimum: 256) { [make] share throws(CollectionFailure) in
            try share.map { position throws(CollectionFailure) in try make(position) }
        }
    }
}
