import Foundation

/// What a record is selected by — every field but `data` — read from its bytes without building
/// `data`, which holds most of a record's size: an index rebuild reads every record for these alone.
public struct RecordHeader: Sendable, Equatable {
    public let kind: String
    public let subject: String
    public let observedAt: Date
    public let collector: String
    public let origin: EvidenceOrigin
    public let source: EvidenceSource

    public init(_ record: EvidenceRecord) {
        kind = record.kind
        subject = record.subject
        observedAt = record.observedAt
        collector = record.collector
        origin = record.origin
        source = record.source
    }

    /// Reads the fields of a stored record's bytes; `data` is read as JSON and checked to be an
    /// object, but not built.
    /// - Parameter knownUTF8: as for ``EvidenceRecord/init(canonicalData:id:knownUTF8:)``; when not
    ///   known, the bytes are checked as UTF-8 in one pass, not string by string.
    public init(canonicalData: Data, knownUTF8: Bool = false) throws(EvidenceRecord.DecodingFailure) {
        if !knownUTF8, String(validating: canonicalData, as: UTF8.self) == nil {
            throw .invalid(field: "$", reason: "not UTF-8 text")
        }
        let json: JSONValue
        do {
            json = try JSONValue.parse(
                canonicalData, limits: .storedRecords, bigIntegers: .double, knownUTF8: true, skipping: ["data"])
        } catch { throw .invalid(field: "$", reason: error.description) }
        try self.init(json: json)
        guard json["data"]?.objectValue != nil else { throw .invalid(field: "data", reason: "not an object") }
    }

    /// The fields of a record's JSON object (DESIGN §2); `data` is not looked at.
    init(json: JSONValue) throws(EvidenceRecord.DecodingFailure) {
        func string(_ key: String) throws(EvidenceRecord.DecodingFailure) -> String {
            guard let s = json[key]?.stringValue else { throw .invalid(field: key, reason: "missing or not a string") }
            return s
        }
        guard let observedAt = Timestamp.parse(try string("observed_at")) else {
            throw .invalid(field: "observed_at", reason: "not an RFC 3339 timestamp")
        }
        guard let origin = EvidenceOrigin(rawValue: try string("origin")) else {
            throw .invalid(field: "origin", reason: "must be observed or declared")
        }
        guard let name = json["source"]?["name"]?.stringValue, let sha = json["source"]?["sha256"]?.stringValue else {
            throw .invalid(field: "source", reason: "needs name and sha256")
        }
        kind = try string("kind")
        subject = try string("subject")
        if let problem = Subject.compositionProblem(with: subject) { throw .invalid(field: "subject", reason: problem) }
        self.observedAt = observedAt
        collector = try string("collector")
        self.origin = origin
        source = EvidenceSource(name: name, sha256: sha)
    }
}
