import Foundation

/// Whether a record was measured on its subject or stated by a configuration or a person.
public enum EvidenceOrigin: String, Sendable, Hashable, Codable, CaseIterable {
    case observed, declared
}

/// The raw input a record was read from: its file name and the SHA-256 of its bytes.
public struct EvidenceSource: Sendable, Hashable {
    public let name: String
    public let sha256: String

    public init(name: String, sha256: String) {
        self.name = name
        self.sha256 = sha256
    }
}

/// One observation about one subject (DESIGN §2). Its id is the SHA-256 of its canonical JSON.
public struct EvidenceRecord: Sendable, Hashable {
    public let kind: String
    public let subject: String
    public let observedAt: Date
    public let collector: String
    public let origin: EvidenceOrigin
    public let source: EvidenceSource
    /// The normalized fields of this kind: always a JSON object.
    public let data: [String: JSONValue]
    /// The SHA-256 of ``canonicalData``, computed once: evaluations and reports ask for it often.
    public private(set) var id: String

    public init(
        kind: String, subject: String, observedAt: Date, collector: String, origin: EvidenceOrigin,
        source: EvidenceSource, data: [String: JSONValue]
    ) {
        self.init(
            kind: kind, subject: subject, observedAt: observedAt, collector: collector, origin: origin, source: source,
            data: data, knownID: nil)
    }

    private init(
        kind: String, subject: String, observedAt: Date, collector: String, origin: EvidenceOrigin,
        source: EvidenceSource, data: [String: JSONValue], knownID: String?
    ) {
        self.kind = kind
        self.subject = subject
        // Canonical JSON carries milliseconds; keep the value equal to what it reads back as.
        self.observedAt = Date(timeIntervalSince1970: (observedAt.timeIntervalSince1970 * 1000).rounded() / 1000)
        self.collector = collector
        self.origin = origin
        self.source = source
        self.data = data
        self.id = ""
        self.id = knownID ?? SHA256Hex.of(canonicalData)
    }

    /// The record as the JSON object of DESIGN §2, without its id.
    public var jsonValue: JSONValue {
        .object([
            "kind": .string(kind),
            "subject": .string(subject),
            "observed_at": .string(Timestamp.format(observedAt)),
            "collector": .string(collector),
            "origin": .string(origin.rawValue),
            "source": .object(["name": .string(source.name), "sha256": .string(source.sha256)]),
            "data": .object(data),
        ])
    }

    /// RFC 8785 bytes of `jsonValue`: what the store keeps and what the id hashes.
    public var canonicalData: Data {
        // Records are built from finite numbers only (parsers reject NaN), so this cannot fail in practice.
        (try? CanonicalJSON.data(jsonValue)) ?? Data()
    }

    /// The record with its id, one line of `vigil evidence list`.
    public var jsonValueWithID: JSONValue {
        guard case .object(var members) = jsonValue else { return jsonValue }
        members["id"] = .string(id)
        return .object(members)
    }
}

extension EvidenceRecord {
    public enum DecodingFailure: Error, Sendable, Equatable, CustomStringConvertible {
        case invalid(field: String, reason: String)

        public var description: String {
            switch self {
            case .invalid(let field, let reason): "record field '\(field)': \(reason)"
            }
        }
    }

    /// Reads a record back from its JSON (canonical or not; an `id` member is ignored).
    public init(json: JSONValue) throws(DecodingFailure) {
        try self.init(json: json, knownID: nil)
    }

    private init(json: JSONValue, knownID: String?) throws(DecodingFailure) {
        func string(_ key: String) throws(DecodingFailure) -> String {
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
        guard let data = json["data"]?.objectValue else { throw .invalid(field: "data", reason: "not an object") }
        self.init(
            kind: try string("kind"), subject: try string("subject"), observedAt: observedAt,
            collector: try string("collector"), origin: origin, source: EvidenceSource(name: name, sha256: sha),
            data: data, knownID: knownID)
    }

    public init(canonicalData: Data) throws(DecodingFailure) {
        try self.init(json: try Self.parse(canonicalData), knownID: nil)
    }

    /// Reads a record back from bytes stored together with its id (the index keeps both, written from
    /// the same record), without serializing it again to hash.
    public init(canonicalData: Data, id: String) throws(DecodingFailure) {
        try self.init(json: try Self.parse(canonicalData), knownID: id)
    }

    /// Records were checked against the limits when collected; reading them back is bounded only by the
    /// stack (whatever limits `vigil.yaml` set then, nesting never exceeded ``InputLimits/deepestNesting``).
    private static func parse(_ data: Data) throws(DecodingFailure) -> JSONValue {
        do { return try JSONValue.parse(data, limits: .storedRecords, bigIntegers: .double) } catch {
            throw .invalid(field: "$", reason: error.description)
        }
    }
}

extension EvidenceRecord: CustomStringConvertible {
    public var description: String { "\(kind) \(subject) @\(Timestamp.format(observedAt))" }
}
