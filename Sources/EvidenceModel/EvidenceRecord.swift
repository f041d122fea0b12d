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
    /// RFC 8785 bytes of `jsonValue`: what the store keeps and what the id hashes. Serialized once,
    /// when the record is made (or taken as read, with its id, from the index that stored both).
    public private(set) var canonicalData: Data
    /// When the record entered the signed log (the logged time of its subject head), as the index
    /// read it from the root log; nil for a record not read from the log. Not part of its bytes.
    public var loggedAt: Date?

    public init(
        kind: String, subject: String, observedAt: Date, collector: String, origin: EvidenceOrigin,
        source: EvidenceSource, data: [String: JSONValue]
    ) {
        self.init(
            kind: kind, subject: subject, observedAt: observedAt, collector: collector, origin: origin, source: source,
            data: data, known: nil)
    }

    private init(
        kind: String, subject: String, observedAt: Date, collector: String, origin: EvidenceOrigin,
        source: EvidenceSource, data: [String: JSONValue], known: (id: String, bytes: Data)?
    ) {
        self.kind = kind
        self.subject = subject
        self.observedAt = Self.toMilliseconds(observedAt)
        self.collector = collector
        self.origin = origin
        self.source = source
        self.data = data
        self.id = ""
        self.canonicalData = Data()
        // Records are built from finite numbers only (parsers reject NaN), so this cannot fail in practice.
        self.canonicalData = known?.bytes ?? (try? writtenCanonically()) ?? Data()
        self.id = known?.id ?? SHA256Hex.of(canonicalData)
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

    /// `CanonicalJSON.data(jsonValue)`, written member by member in the order RFC 8785 sorts the
    /// seven keys (`EvidenceRecordTests.writtenCanonicallyIsTheCanonicalJSONOfItsValue`): building
    /// `jsonValue`'s two dictionaries for every record was a fifth of serializing it.
    func writtenCanonically() throws(CanonicalJSON.Failure) -> Data {
        var out: [UInt8] = []
        out.reserveCapacity(1024)
        func member(_ key: String, _ value: JSONValue) throws(CanonicalJSON.Failure) {
            out.append(out.isEmpty ? UInt8(ascii: "{") : UInt8(ascii: ","))
            try CanonicalJSON.append(.string(key), to: &out)
            out.append(UInt8(ascii: ":"))
            try CanonicalJSON.append(value, to: &out)
        }
        try member("collector", .string(collector))
        try member("data", .object(data))
        try member("kind", .string(kind))
        try member("observed_at", .string(Timestamp.format(observedAt)))
        try member("origin", .string(origin.rawValue))
        try member("source", .object(["name": .string(source.name), "sha256": .string(source.sha256)]))
        try member("subject", .string(subject))
        out.append(UInt8(ascii: "}"))
        return Data(out)
    }

    /// The SHA-256 of every raw input the record rests on: its source, then the inputs it was merged
    /// from (`merged_from`, when a collector joined several files). Each must be in the store.
    public var rawInputDigests: [String] { Self.rawInputDigests(source: source, data: data) }

    static func rawInputDigests(source: EvidenceSource, data: [String: JSONValue]) -> [String] {
        [source.sha256] + (data["merged_from"]?.arrayValue ?? []).compactMap { $0["sha256"]?.stringValue }
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
        try self.init(json: json, known: nil)
    }

    /// - Parameter bytes: canonical JSON of `json`, taken as the record's own when they are what it
    ///   writes: exactly its seven members, `source` of two, the observation time as it formats it.
    private init(json: JSONValue, known: (id: String, bytes: Data)?, canonicalIfSo bytes: Data? = nil) throws(DecodingFailure) {
        let header = try RecordHeader(json: json)
        guard let data = json["data"]?.objectValue else { throw .invalid(field: "data", reason: "not an object") }
        var known = known
        if let bytes, Self.hasOnlyItsOwnMembers(json, observedAt: header.observedAt) {
            known = (SHA256Hex.of(bytes), bytes)
        }
        self.init(
            kind: header.kind, subject: header.subject, observedAt: header.observedAt, collector: header.collector,
            origin: header.origin, source: header.source, data: data, known: known)
    }

    /// Whether `json` holds exactly the members a record writes: its seven, `source` of two, and the
    /// observation time as it formats it. Its canonical bytes are then the record's own.
    static func hasOnlyItsOwnMembers(_ json: JSONValue, observedAt: Date) -> Bool {
        json.objectValue?.count == 7 && json["source"]?.objectValue?.count == 2
            && json["observed_at"]?.stringValue == Timestamp.format(toMilliseconds(observedAt))
    }

    /// Canonical JSON carries milliseconds: a record keeps its time as it reads back.
    private static func toMilliseconds(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 * 1000).rounded() / 1000)
    }

    /// Reads a record back from its bytes, serializing it again: `canonicalData` is then what the
    /// bytes should have been, so a caller can tell a non-canonical input by comparing them.
    ///
    /// The bytes are checked as UTF-8 in one pass, not string by string (8 % of a `log verify`);
    /// bytes that are not take the string-by-string parse, whose error says where.
    ///
    /// Bytes the parser finds already in their canonical form, holding the record's members and no
    /// others, are kept as they are instead of being written again to compare (a third of a `log verify`).
    public init(canonicalData: Data) throws(DecodingFailure) {
        let utf8 = String(validating: canonicalData, as: UTF8.self) != nil
        let read: (value: JSONValue, isCanonical: Bool)
        do { read = try JSONValue.parseCheckingCanonical(canonicalData, limits: .storedRecords, knownUTF8: utf8) } catch {
            throw .invalid(field: "$", reason: error.description)
        }
        try self.init(json: read.value, known: nil, canonicalIfSo: read.isCanonical ? canonicalData : nil)
    }

    /// Reads a record back from bytes stored together with its id (the index keeps both, written from
    /// the same record), without serializing it again to hash.
    ///
    /// - Parameter knownUTF8: the bytes are known to be valid UTF-8, their strings are not checked
    ///   again: the index's, which it holds only as the signed log's records (sealed, or audited
    ///   against the log's hashes before use), each checked as UTF-8 when collected.
    /// - Parameter keepingData: when set, only those members of `data` are built, the rest read and
    ///   left out: a record read only to be judged by checks that name every member they read
    ///   (building and freeing the others was two fifths of a check). Its id and `canonicalData`
    ///   remain the whole record's; such a record must not be written, shown or exported.
    public init(canonicalData: Data, id: String, knownUTF8: Bool = false, keepingData: DataMembers? = nil) throws(DecodingFailure) {
        try self.init(json: try Self.parse(canonicalData, knownUTF8: knownUTF8, keepingData: keepingData), known: (id, canonicalData))
    }

    /// Records were checked against the limits when collected; reading them back is bounded only by the
    /// stack (whatever limits `vigil.yaml` set then, nesting never exceeded ``InputLimits/deepestNesting``).
    private static func parse(_ data: Data, knownUTF8: Bool = false, keepingData: DataMembers? = nil) throws(DecodingFailure) -> JSONValue {
        do {
            return try JSONValue.parse(
                data, limits: .storedRecords, bigIntegers: .double, knownUTF8: knownUTF8, dataMembers: keepingData)
        } catch {
            throw .invalid(field: "$", reason: error.description)
        }
    }
}

extension EvidenceRecord {
    /// Records are content-addressed: two with the same id are the same observation, whenever logged.
    public static func == (lhs: EvidenceRecord, rhs: EvidenceRecord) -> Bool { lhs.id == rhs.id }
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}

extension EvidenceRecord: CustomStringConvertible {
    public var description: String { "\(kind) \(subject) @\(Timestamp.format(observedAt))" }
}
