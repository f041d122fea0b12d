import Foundation

/// The one JSON parser: strict RFC 8259 over bytes, for every input and for the store's own records.
///
/// It rejects what JSON tools disagree on — a key repeated with another value (jq, Go and Python
/// keep the last value, Foundation the first), lone surrogates, invalid UTF-8, numbers that are not finite — so the same
/// bytes cannot mean different evidence to different tools, and it bounds nesting and string length
/// so no input can exhaust the stack or memory. It allocates little: a large store reads hundreds of
/// thousands of records through it.
struct JSONReader {
    /// What an integer written without fraction or exponent beyond ±2^53 becomes: no double holds
    /// it exactly.
    enum BigIntegers {
        /// Its exact decimal text, as a JSON string (inputs: never round silently).
        case exactText
        /// The double it rounds to (records: Vigil wrote them from doubles, in canonical form).
        case double
    }

    /// Where and why reading stopped: a byte offset, and whether the text is not JSON at all
    /// (`isSyntax`, placed by line and column) or JSON that Vigil refuses (placed by JSON path).
    struct Failure: Error {
        let offset: Int
        let reason: String
        let isSyntax: Bool
    }

    /// - Parameters:
    ///   - knownUTF8: the bytes are known to be valid UTF-8 (a stored record whose hash the signed log
    ///     vouches for), so strings are not validated one by one: that was a fifth of a check.
    ///   - skipping: members of the top-level object read as JSON but not built: each comes back
    ///     hollow, of its type but empty (an index rebuild needs a record's fields, not its `data`),
    ///     and repeated keys inside them are not looked for.
    ///   - dataMembers: the members of the top-level `data` object to build; the others are read
    ///     but left out (a record read only to be judged by checks that say what they read).
    static func read(
        _ data: Data, limits: InputLimits = .standard, bigIntegers: BigIntegers, knownUTF8: Bool = false,
        skipping: Set<String> = [], dataMembers: DataMembers? = nil
    ) -> Result<JSONValue, Failure> {
        read(
            data, limits: limits, bigIntegers: bigIntegers, knownUTF8: knownUTF8, skipping: skipping,
            dataMembers: dataMembers, checkingCanonical: false
        ).map(\.value)
    }

    /// ``read(_:limits:bigIntegers:knownUTF8:skipping:)`` of a stored record's bytes (numbers read as
    /// doubles, nothing skipped), telling also whether the text is exactly RFC 8785's form of the
    /// value: no whitespace, members in order, minimal escapes, numbers as ECMAScript writes them.
    /// Checking as it reads spares serializing the value again to compare (a third of a `log verify`).
    /// With `dataMembers`, the other members of `data` are checked as they are read, not built.
    static func readCheckingCanonical(
        _ data: Data, limits: InputLimits, knownUTF8: Bool, dataMembers: DataMembers? = nil
    ) -> Result<(value: JSONValue, isCanonical: Bool), Failure> {
        read(data, limits: limits, bigIntegers: .double, knownUTF8: knownUTF8, skipping: [], dataMembers: dataMembers, checkingCanonical: true)
            .map { ($0.value, $0.isCanonical ?? false) }
    }

    private static func read(
        _ data: Data, limits: InputLimits, bigIntegers: BigIntegers, knownUTF8: Bool, skipping: Set<String>,
        dataMembers: DataMembers?, checkingCanonical: Bool
    ) -> Result<(value: JSONValue, isCanonical: Bool?), Failure> {
        data.withUnsafeBytes { raw -> Result<(value: JSONValue, isCanonical: Bool?), Failure> in
            var cursor = Cursor(bytes: raw.bindMemory(to: UInt8.self), limits: limits, bigIntegers: bigIntegers, knownUTF8: knownUTF8)
            cursor.skipping = skipping
            cursor.dataMembers = dataMembers
            if checkingCanonical { cursor.canonical = true }
            guard let value = cursor.value(depth: 0) else { return .failure(cursor.failure ?? cursor.syntax("invalid JSON")) }
            cursor.skipWhitespace()
            guard cursor.index == cursor.bytes.count else { return .failure(cursor.syntax("text after the end of the document")) }
            return .success((value, cursor.canonical))
        }
    }
}
