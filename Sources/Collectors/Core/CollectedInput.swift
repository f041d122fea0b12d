import EvidenceModel

/// What a collector made of one input: the records, and the parts it left out on purpose.
///
/// A part left out (the last line of a log that is still being written) is named like a
/// ``CollectionFailure``, with file, place and reason, but it is reported, not thrown: the rest of
/// the input is stored and the run still exits 0.
public struct CollectedInput: Sendable {
    public let records: [EvidenceRecord]
    public let leftOut: [CollectionFailure]

    public init(records: [EvidenceRecord], leftOut: [CollectionFailure] = []) {
        self.records = records
        self.leftOut = leftOut
    }
}
