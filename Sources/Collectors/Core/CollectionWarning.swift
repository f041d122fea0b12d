import EvidenceModel

/// Something a collector left out of an input on purpose, said to the person while the rest is kept:
/// the last line of a log that is still being written, for one.
///
/// A warning never rejects the input (the run still exits 0); a ``CollectionFailure`` does.
public struct CollectionWarning: Sendable, Equatable {
    public let file: String
    public let location: String
    public let reason: String

    public init(file: String, location: String, reason: String) {
        self.file = file
        self.location = location
        self.reason = reason
    }
}

extension CollectionWarning: CustomStringConvertible {
    public var description: String { "\(file): \(location): \(reason)" }
}

/// What a collector made of one input: the records, and warnings about what it left out.
public struct CollectedInput: Sendable {
    public let records: [EvidenceRecord]
    public let warnings: [CollectionWarning]

    public init(records: [EvidenceRecord], warnings: [CollectionWarning] = []) {
        self.records = records
        self.warnings = warnings
    }
}
