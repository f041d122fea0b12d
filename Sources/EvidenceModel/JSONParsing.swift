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
    /// Parses UTF-8 JSON input strictly (``JSONReader``): a syntax error is named by line and column,
    /// a duplicate key, a number beyond a double or a limit exceeded by JSON path. An integer beyond
    /// ±2^53 written without fraction or exponent is kept as its exact decimal text, a string.
    public static func parse(_ data: Data, limits: InputLimits = .standard) throws(JSONParseError) -> JSONValue {
        try parse(data, limits: limits, bigIntegers: .exactText)
    }

    /// Parses the bytes of text already decoded and checked as UTF-8 (``UTF8Text/decode(_:)``), without
    /// checking its strings again: an input is validated once, when it is read as text.
    public static func parse(decodedText data: Data, limits: InputLimits = .standard) throws(JSONParseError) -> JSONValue {
        try parse(data, limits: limits, bigIntegers: .exactText, knownUTF8: true)
    }

    /// ``parse(_:limits:)`` with the top-level members `skipping` checked but not built: each comes
    /// back hollow, of its type but empty (so two such members with different values are not told apart).
    public static func parse(_ data: Data, limits: InputLimits = .standard, skipping: Set<String>) throws(JSONParseError) -> JSONValue {
        try parse(data, limits: limits, bigIntegers: .exactText, skipping: skipping)
    }

    static func parse(
        _ data: Data, limits: InputLimits, bigIntegers: JSONReader.BigIntegers, knownUTF8: Bool = false,
        skipping: Set<String> = [], dataMembers: DataMembers? = nil
    ) throws(JSONParseError) -> JSONValue {
        if data.isEmpty { throw JSONParseError(location: "line 1", reason: "empty file") }
        switch JSONReader.read(
            data, limits: limits, bigIntegers: bigIntegers, knownUTF8: knownUTF8, skipping: skipping, dataMembers: dataMembers)
        {
        case .success(let value): return value
        case .failure(let failure): throw parseError(failure, in: data)
        }
    }

    /// A stored record's bytes parsed (numbers as doubles), and whether they are exactly RFC 8785's
    /// form of the value (``JSONReader/readCheckingCanonical(_:limits:knownUTF8:)``).
    static func parseCheckingCanonical(
        _ data: Data, limits: InputLimits, knownUTF8: Bool
    ) throws(JSONParseError) -> (
        value: JSONValue, isCanonical: Bool
    ) {
        if data.isEmpty { throw JSONParseError(location: "line 1", reason: "empty file") }
        switch JSONReader.readCheckingCanonical(data, limits: limits, knownUTF8: knownUTF8) {
        case .success(let read): return read
        case .failure(let failure): throw parseError(failure, in: data)
        }
    }

    private static func parseError(_ failure: JSONReader.Failure, in data: Data) -> JSONParseError {
        // Bytes that are not text at all deserve that message, not a syntax error somewhere in them.
        if let offset = UntrustedText.firstInvalidUTF8Offset(in: data) {
            return JSONParseError(location: "byte \(offset)", reason: "not UTF-8 text")
        }
        return JSONParseError(failure, in: data)
    }

    /// Serializes with sorted keys and no extra whitespace; this is not the canonical form (see `canonicalData`).
    public func compactData() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)) ?? Data("null".utf8)
    }
}

extension JSONParseError {
    init(_ failure: JSONReader.Failure, in data: Data) {
        let bytes = [UInt8](data)
        let prefix = bytes.prefix(failure.offset)
        let line = prefix.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
        if !failure.isSyntax {
            self.init(location: JSONPath.at(failure.offset, in: bytes), reason: failure.reason)
        } else if failure.offset >= bytes.count {
            self.init(location: "line \(line), end of file", reason: "truncated JSON: the document ends early")
        } else {
            let lineStart = prefix.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
            let column = String(decoding: bytes[lineStart..<failure.offset], as: UTF8.self).count + 1
            self.init(location: "line \(line), column \(column)", reason: failure.reason)
        }
    }
}

/// Renders and builds JSON paths as `$.a.b[3]`, member names escaped as every output escapes input.
public enum JSONPath {
    public static func child(_ path: String, _ key: String) -> String { "\(path).\(UntrustedText.escaped(key))" }

    public static func element(_ path: String, _ index: Int) -> String { "\(path)[\(index)]" }

    /// The path of the value at byte `offset` of a JSON text that is valid up to there; at the start
    /// of a member name, the path of its object.
    static func at(_ offset: Int, in bytes: [UInt8]) -> String {
        enum Frame { case object(key: String?), array(index: Int) }
        var stack: [Frame] = []
        var index = 0
        while index < min(offset, bytes.count) {
            switch bytes[index] {
            case UInt8(ascii: "\""):
                let start = index
                index += 1
                while index < bytes.count, bytes[index] != UInt8(ascii: "\"") { index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1 }
                guard index < offset else { break }
                if case .object(nil) = stack.last,
                    case .string(let key)? = try? JSONValue.parse(Data(bytes[start...index]), limits: .standard, bigIntegers: .double)
                {
                    stack[stack.count - 1] = .object(key: key)
                }
            case UInt8(ascii: "{"): stack.append(.object(key: nil))
            case UInt8(ascii: "["): stack.append(.array(index: 0))
            case UInt8(ascii: "}"), UInt8(ascii: "]"): if !stack.isEmpty { stack.removeLast() }
            case UInt8(ascii: ","):
                switch stack.last {
                case .array(let n)?: stack[stack.count - 1] = .array(index: n + 1)
                case .object?: stack[stack.count - 1] = .object(key: nil)
                case nil: break
                }
            default: break
            }
            index += 1
        }
        return stack.reduce("$") { path, frame in
            switch frame {
            case .object(let key?): child(path, key)
            case .object(nil): path
            case .array(let n): element(path, n)
            }
        }
    }
}
