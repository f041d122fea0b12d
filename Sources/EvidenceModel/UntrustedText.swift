/// Text that came from input (subjects, ids, reasons, field values), and how every output shows it.
///
/// This is the one definition of a control character for Vigil: names that contain one are rejected
/// before anything is written (``Subject/problem(with:)``), and every text output escapes the ones
/// that free text may carry, so that no input can move the cursor, recolour the screen or forge a
/// line of a report.
public enum UntrustedText {
    /// C0 controls (tab and newline included), DEL, C1 controls, the Unicode line and paragraph
    /// separators, and the bidirectional embeddings, overrides and isolates that reorder a line.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// `text` with each control character written as a visible escape (`\n`, `\t`, `\u{1B}`), so it
    /// stays on its line and cannot drive the terminal. Text without one is returned as it is.
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            guard isControl(scalar) else {
                result.append(scalar)
                continue
            }
            result.append(contentsOf: escape(scalar).unicodeScalars)
        }
        return String(result)
    }

    /// The longest name (subject, id, kind, source name) in UTF-8 bytes. Cloud resource names (ARNs,
    /// GCP key paths) fit with room to spare; the log's entries and the terminal's lines need a bound.
    public static let maximumNameLength = 1024

    /// Nil when `name` can be stored, logged and shown: no control character and at most
    /// ``maximumNameLength`` bytes. Otherwise why not, starting with `what` (`subject`, `id`).
    public static func nameProblem(_ name: String, called what: String) -> String? {
        if let control = controlProblem(in: name) { return "\(what) contains \(control)" }
        if name.utf8.count > maximumNameLength {
            return "\(what) is \(name.utf8.count) bytes long (at most \(maximumNameLength))"
        }
        return nil
    }

    /// Nil when `text` has no control character, else the first one named for a person:
    /// `a line feed (U+000A) at character 12`.
    public static func controlProblem(in text: String) -> String? {
        for (offset, scalar) in text.unicodeScalars.enumerated() where isControl(scalar) {
            return "\(name(of: scalar)) (\(codePoint(scalar))) at character \(offset + 1)"
        }
        return nil
    }

    /// The offset of the first byte of `bytes` that does not decode as UTF-8, or nil when all do.
    public static func firstInvalidUTF8Offset(in bytes: some Collection<UInt8>) -> Int? {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    private static func escape(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\n": #"\n"#
        case "\r": #"\r"#
        case "\t": #"\t"#
        default: #"\u{"# + String(scalar.value, radix: 16, uppercase: true) + "}"
        }
    }

    private static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    private static func name(of scalar: Unicode.Scalar) -> String {
        switch scalar.value {
        case 0x0A: "a line feed"
        case 0x0D: "a carriage return"
        case 0x09: "a tab"
        case 0x1B: "an escape character"
        case 0x00: "a NUL character"
        case 0x2028, 0x2029: "a line or paragraph separator"
        case 0x202A...0x202E, 0x2066...0x2069: "a bidirectional text control"
        default: "a control character"
        }
    }
}
