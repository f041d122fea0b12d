import EvidenceModel

/// A collector that hands its records over in batches as it reads its input, so that a large input
/// (a day of a CA's audit log) is stored a batch at a time instead of being held whole in memory.
///
/// Still all or nothing: when the input turns out bad after some batches were handed over, the
/// collector throws and the caller takes back everything of the input. `emit` may throw too (a
/// record the store refuses): the collector stops and rethrows it.
public protocol StreamingCollector: EvidenceCollector {
    /// Reads the input, handing its records to `emit` in order, a batch at a time.
    /// - Returns: the parts left out on purpose (``CollectedInput/leftOut``).
    func stream(
        from input: CollectorInput, emit: (_ records: [EvidenceRecord]) throws(CollectionFailure) -> Void
    )
        throws(CollectionFailure) -> [CollectionFailure]
}

extension StreamingCollector {
    public var readsFromFile: Bool { true }

    public func batchSize(for input: CollectorInput) -> Int { input.recordsPerBatch }

    /// Everything at once, for callers that want the whole input's records.
    public func collect(from input: CollectorInput) throws(CollectionFailure) -> CollectedInput {
        var records: [EvidenceRecord] = []
        let leftOut = try stream(from: input) { batch throws(CollectionFailure) in records += batch }
        return CollectedInput(records: records, leftOut: leftOut)
    }

    public func records(from input: CollectorInput) throws(CollectionFailure) -> [EvidenceRecord] {
        try collect(from: input).records
    }
}

extension CollectorInput {
    /// The records a streaming or merging collector hands over at a time: no more than a commit holds
    /// (`limits.records_per_commit`), so a bad input is found before most of it is staged.
    public var recordsPerBatch: Int { min(4_096, limits.recordsPerCommit) }
}
