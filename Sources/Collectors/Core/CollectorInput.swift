import EvidenceModel
import Foundation

/// One input file handed to a collector: its name, its exact bytes, and the run's context.
///
/// The collector never reads the disk or the clock: the IO shell passes the bytes it read and the
/// instant it wants the observation stamped with.
public struct CollectorInput: Sendable {
    /// The name the file is stored and reported under (usually its base name, e.g. `web-01.devices.json`).
    public let fileName: String
    public let bytes: Data
    /// The `--subject` the user gave, if any; only collectors whose format names no subject use it.
    public let subject: String?
    public let observedAt: Date

    public init(fileName: String, bytes: Data, subject: String?, observedAt: Date) {
        self.fileName = fileName
        self.bytes = bytes
        self.subject = subject
        self.observedAt = observedAt
    }
}

extension CollectorInput {
    /// Where every record of this input says it came from: the file name and the SHA-256 of its bytes.
    var source: EvidenceSource { EvidenceSource(name: fileName, sha256: SHA256Hex.of(bytes)) }

    /// The failure to report for this file at `location`.
    func failure(at location: String, _ reason: String) -> CollectionFailure {
        CollectionFailure(file: fileName, location: location, reason: reason)
    }
}
