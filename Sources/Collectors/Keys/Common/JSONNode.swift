import EvidenceModel
import Foundation

/// A JSON value with its place in the input file: typed reads that fail with file, JSON path and reason.
struct JSONNode {
    let value: JSONValue
    let path: String
    /// The input's file name: all a failure needs of it (a whole ``CollectorInput`` in every node of
    /// a 100k-key inventory was a tenth of a collect's memory).
    let file: String

    init(value: JSONValue, path: String, input: CollectorInput) {
        self.init(value: value, path: path, file: input.fileName)
    }

    init(value: JSONValue, path: String, file: String) {
        self.value = value
        self.path = path
        self.file = file
    }

    func failure(_ reason: String) -> CollectionFailure { CollectionFailure(file: file, location: path, reason: reason) }

    private func mismatch(_ expected: String) -> CollectionFailure {
        failure("expected \(expected), found \(value.typeName)")
    }

    /// The member `key`, or nil when it is absent or `null` (the CLIs print `null` for unset fields).
    func member(_ key: String) -> JSONNode? {
        guard let found = value[key], !found.isNull else { return nil }
        return JSONNode(value: found, path: JSONPath.child(path, key), file: file)
    }

    func required(_ key: String) throws(CollectionFailure) -> JSONNode {
        guard value.objectValue != nil else { throw mismatch("object") }
        guard let node = member(key) else { throw failure("missing required field '\(key)'") }
        return node
    }

    func object() throws(CollectionFailure) -> [String: JSONValue] {
        guard let object = value.objectValue else { throw mismatch("object") }
        return object
    }

    func elements() throws(CollectionFailure) -> [JSONNode] {
        guard let array = value.arrayValue else { throw mismatch("array") }
        return array.enumerated().map { JSONNode(value: $1, path: JSONPath.element(path, $0), file: file) }
    }

    func string() throws(CollectionFailure) -> String {
        guard let text = value.stringValue else { throw mismatch("string") }
        return text
    }

    func nonEmptyString() throws(CollectionFailure) -> String {
        let text = try string()
        if text.isEmpty { throw failure("must not be empty") }
        return text
    }

    func bool() throws(CollectionFailure) -> Bool {
        guard let flag = value.boolValue else { throw mismatch("boolean") }
        return flag
    }

    func number() throws(CollectionFailure) -> Double {
        guard let number = value.doubleValue else {
            if value.isExactIntegerText { throw failure("integer \(value.stringValue ?? "") is beyond ±2^53, where numbers lose precision") }
            throw mismatch("number")
        }
        return number
    }

    func integer() throws(CollectionFailure) -> Int {
        let number = try number()
        guard number.rounded() == number, abs(number) < 9e15 else { throw failure("expected an integer, found \(number)") }
        return Int(number)
    }

    /// An RFC 3339 timestamp (with or without fractions and offsets), or Unix seconds as AWS CLI v1 prints them.
    func timestamp() throws(CollectionFailure) -> Date {
        switch value {
        case .string(let text):
            guard let date = Timestamp.parse(text) else { throw failure("'\(text)' is not an RFC 3339 timestamp") }
            return date
        case .number(let seconds):
            // RFC 3339 has four-digit years: 0001-01-01 to 9999-12-31.
            guard seconds >= -62_135_596_800, seconds < 253_402_300_800 else {
                throw failure("\(seconds) is out of range for Unix seconds (years 1 to 9999)")
            }
            return Date(timeIntervalSince1970: seconds)
        default: throw mismatch("timestamp")
        }
    }

    func optionalString(_ key: String) throws(CollectionFailure) -> String? { try member(key)?.string() }
    func optionalBool(_ key: String) throws(CollectionFailure) -> Bool? { try member(key)?.bool() }
    func optionalTimestamp(_ key: String) throws(CollectionFailure) -> Date? { try member(key)?.timestamp() }
    func optionalInteger(_ key: String) throws(CollectionFailure) -> Int? { try member(key)?.integer() }
}
