import Foundation

/// Why a JSON document could not be read, with the place it went wrong.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where: `line 3, column 7` for syntax errors, a JSON path such as `$.Devices[2]` otherwise.
    public let location: String
    public let reason: String

    public init(location: String, reason: String) {
        self.location = location
        self.reason = reason
    }

    public var description: String { "\(location): \(reason)" }
}

extension JSONValue {
    /// Parses UTF-8 JSON text, naming the line and column of a syntax error.
    public static func parse(_ data: Data) throws(JSONParseError) -> JSONValue {
        if data.isEmpty { throw JSONParseError(location: "line 1", reason: "empty file") }
        guard String(data: data, encoding: .utf8) != nil else {
            throw JSONParseError(location: "byte 0", reason: "not UTF-8 text")
        }
        do {
            return try JSONDecoder().decode(JSONValue.self, from: data)
        } catch let error as DecodingError {
            throw JSONParseError(decoding: error, in: data)
        } catch {
            throw JSONParseError(location: "$", reason: "\(error)")
        }
    }

    /// Serializes with sorted keys and no extra whitespace; this is not the canonical form (see `canonicalData`).
    public func compactData() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)) ?? Data("null".utf8)
    }
}

extension JSONParseError {
    init(decoding error: DecodingError, in data: Data) {
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            self = Self.syntaxError(in: data) ?? JSONParseError(location: "$", reason: context.debugDescription)
        case .dataCorrupted(let context):
            self.init(location: JSONPath.render(context.codingPath), reason: context.debugDescription)
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context):
            self.init(location: JSONPath.render(context.codingPath), reason: context.debugDescription)
        @unknown default:
            self.init(location: "$", reason: "\(error)")
        }
    }

    /// JSONDecoder on Linux says only "not valid JSON"; JSONSerialization names the character offset
    /// ("Invalid value around character 17.") or the end of file. Turn that into a line and column.
    private static func syntaxError(in data: Data) -> JSONParseError? {
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            return nil
        } catch {
            let message = ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String) ?? "\(error)"
            let bytes = [UInt8](data)
            if message.contains("end of file") {
                let line = bytes.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
                return JSONParseError(location: "line \(line), end of file", reason: "truncated JSON: the document ends early")
            }
            if let range = message.range(of: #"character \d+"#, options: .regularExpression),
                let offset = Int(message[range].dropFirst("character ".count))
            {
                let prefix = bytes.prefix(offset)
                let line = prefix.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
                let lineStart = prefix.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
                let column = String(decoding: bytes[lineStart..<min(offset, bytes.count)], as: UTF8.self).count + 1
                let reason = message.replacingOccurrences(of: #" around character \d+"#, with: "", options: .regularExpression)
                    .trimmingCharacters(in: CharacterSet(charactersIn: ". "))
                return JSONParseError(location: "line \(line), column \(column)", reason: reason)
            }
            return JSONParseError(location: "line 1", reason: message)
        }
    }
}

/// Renders coding paths and builds child paths as `$.a.b[3]`.
public enum JSONPath {
    public static func render(_ path: [any CodingKey]) -> String {
        path.reduce("$") { partial, key in
            if let index = key.intValue { return "\(partial)[\(index)]" }
            return child(partial, key.stringValue)
        }
    }

    public static func child(_ path: String, _ key: String) -> String { "\(path).\(key)" }

    public static func element(_ path: String, _ index: Int) -> String { "\(path)[\(index)]" }
}
