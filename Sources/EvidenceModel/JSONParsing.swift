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
        case .dataCorrupted(let context):
            let underlying = context.underlyingError.map { "\($0)" } ?? context.debugDescription
            self.init(location: Self.lineLocation(in: underlying) ?? JSONPath.render(context.codingPath),
                      reason: Self.cleaned(underlying))
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context):
            self.init(location: JSONPath.render(context.codingPath), reason: context.debugDescription)
        @unknown default:
            self.init(location: "$", reason: "\(error)")
        }
    }

    /// Foundation reports syntax errors as "… around line 2, column 5."; keep that as the location.
    private static func lineLocation(in message: String) -> String? {
        guard let range = message.range(of: #"line \d+, column \d+"#, options: .regularExpression) else {
            return nil
        }
        return String(message[range])
    }

    private static func cleaned(_ message: String) -> String {
        if let start = message.range(of: "\"")?.upperBound,
            let inner = message[start...].range(of: "\"", options: .backwards)?.lowerBound,
            message.hasPrefix("Error Domain") || message.contains("NSDebugDescription")
        {
            return String(message[start..<inner])
        }
        return message
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
