import EvidenceModel
import Foundation

/// JSON decoded like ``JSONValue``, except that integers beyond 2^53 become their exact decimal text.
///
/// A double cannot hold them (fwupd's 64-bit `VersionRaw` values, for one), and record ids hash the
/// canonical JSON: a rounded number would silently change the evidence.
struct ExactJSON: Decodable {
    let value: JSONValue

    /// The largest integer every double represents exactly, and every JSON reader agrees on.
    static let largestExactInteger: UInt64 = 1 << 53

    static func decode(_ data: Data) -> JSONValue? {
        try? JSONDecoder().decode(ExactJSON.self, from: data).value
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            value = .null
        } else if let bool = try? container.decode(Bool.self) {
            value = .bool(bool)
        } else if let integer = try? container.decode(Int64.self) {
            value = integer.magnitude > Self.largestExactInteger ? .string(String(integer)) : .number(Double(integer))
        } else if let integer = try? container.decode(UInt64.self) {
            value = integer > Self.largestExactInteger ? .string(String(integer)) : .number(Double(integer))
        } else if let number = try? container.decode(Double.self) {
            value = .number(number)
        } else if let string = try? container.decode(String.self) {
            value = .string(string)
        } else if let elements = try? container.decode([ExactJSON].self) {
            value = .array(elements.map(\.value))
        } else {
            value = .object(try container.decode([String: ExactJSON].self).mapValues(\.value))
        }
    }
}
