import EvidenceModel
import Foundation

/// The in-toto Statement v1 a bundle's manifest carries: every file with its SHA-256, and what
/// the bundle claims about the log.
public struct InTotoStatement: Sendable, Hashable {
    public static let type = "https://in-toto.io/Statement/v1"
    public static let payloadType = "application/vnd.in-toto+json"
    /// Vigil's own predicate: the evidence bundle format, version 1.
    public static let predicateType = "urn:vigil:evidence-bundle:v1"

    public struct Subject: Sendable, Hashable {
        public let name: String
        public let sha256: String
    }

    public let subjects: [Subject]
    /// origin, tree_size, root_hash, created_at, selection …
    public let predicate: [String: JSONValue]

    public init(subjects: [Subject], predicate: [String: JSONValue]) {
        self.subjects = subjects
        self.predicate = predicate
    }

    /// RFC 8785 bytes: the statement is signed exactly as a verifier re-derives it.
    ///
    /// Written member by member in their canonical order (`_type`, `predicate`, `predicateType`,
    /// `subject`; `digest` before `name`): the statement of a bundle of 67k records, built as one
    /// JSON value first, was 134k objects at the end of its export's peak.
    public var payload: Data {
        var out: [UInt8] = []
        out.reserveCapacity(subjects.count * 160 + 512)
        func literal(_ text: StaticString) { out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)) }
        func value(_ value: JSONValue) { try? CanonicalJSON.append(value, to: &out) }
        literal("{\"_type\":")
        value(.string(Self.type))
        literal(",\"predicate\":")
        value(.object(predicate))
        literal(",\"predicateType\":")
        value(.string(Self.predicateType))
        literal(",\"subject\":[")
        for (index, subject) in subjects.enumerated() {
            literal(index == 0 ? "{\"digest\":{\"sha256\":" : ",{\"digest\":{\"sha256\":")
            value(.string(subject.sha256))
            literal("},\"name\":")
            value(.string(subject.name))
            literal("}")
        }
        literal("]}")
        return Data(out)
    }

    public init(payload: Data) throws(BundleError) {
        // The subject list as the writer writes it is read from its bytes: parsed as JSON values, the
        // 133k subjects of a bundle of 67k records were ~70 MB at the peak of its verification.
        if let subjects = Self.subjects(writtenIn: payload) {
            let value: JSONValue
            do { value = try JSONValue.parse(payload, skipping: ["subject"]) } catch { throw .manifest("statement: \(error)") }
            self.init(subjects: subjects, predicate: try Self.predicate(of: value))
            return
        }
        let value: JSONValue
        do { value = try JSONValue.parse(payload) } catch { throw .manifest("statement: \(error)") }
        let predicate = try Self.predicate(of: value)
        guard let list = value["subject"]?.arrayValue else { throw .manifest("statement has no subject list or predicate") }
        var subjects: [Subject] = []
        for (i, item) in list.enumerated() {
            guard let name = item["name"]?.stringValue, let digest = item["digest"]?["sha256"]?.stringValue,
                digest.count == 64
            else { throw .manifest("subject[\(i)] needs a name and a sha256 digest") }
            subjects.append(Subject(name: name, sha256: digest))
        }
        self.init(subjects: subjects, predicate: predicate)
    }

    /// The statement's predicate, once its type and predicate type are the ones a bundle has.
    private static func predicate(of value: JSONValue) throws(BundleError) -> [String: JSONValue] {
        guard value["_type"]?.stringValue == Self.type else { throw .manifest("statement _type is not \(Self.type)") }
        guard value["predicateType"]?.stringValue == Self.predicateType else {
            throw .manifest("predicateType is not \(Self.predicateType)")
        }
        guard value["subject"]?.arrayValue != nil, let predicate = value["predicate"]?.objectValue else {
            throw .manifest("statement has no subject list or predicate")
        }
        return predicate
    }
}
