import Foundation

extension Note {
    /// Parses a stored note.
    ///
    /// The text is split from the signatures at the *last* blank line. Rejects invalid UTF-8,
    /// control characters (including CR), missing or malformed signature lines, non-canonical
    /// base64 and more than 100 signatures.
    public init(parsing message: Data) throws(NoteError) {
        let bytes = [UInt8](message)
        guard String(validating: bytes, as: UTF8.self) != nil else { throw .invalidUTF8 }
        try requireNoControlCharacters(bytes)

        guard let split = Self.lastBlankLine(in: bytes) else { throw .missingSignatureBlock }
        let textBytes = bytes[...split]  // up to and including the text's final \n
        let block = bytes[(split + 2)...]
        guard !textBytes.isEmpty, !block.isEmpty, block.last == 0x0A else { throw .missingSignatureBlock }

        let lines = block.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false)
        guard lines.count <= Self.maximumSignatureCount else { throw .tooManySignatures(lines.count) }
        var signatures: [Signature] = []
        for (i, line) in lines.enumerated() {
            signatures.append(try Self.parseSignatureLine(String(decoding: line, as: UTF8.self), number: i + 1))
        }
        try self.init(text: String(decoding: textBytes, as: UTF8.self), signatures: signatures)
    }

    /// Parses a stored note given as a string (see ``init(parsing:)-(Data)``).
    public init(parsing message: String) throws(NoteError) {
        try self.init(parsing: Data(message.utf8))
    }

    /// Index of the first `\n` of the last `\n\n`.
    private static func lastBlankLine(in bytes: [UInt8]) -> Int? {
        var i = bytes.count - 2
        while i >= 0 {
            if bytes[i] == 0x0A && bytes[i + 1] == 0x0A { return i }
            i -= 1
        }
        return nil
    }

    private static func parseSignatureLine(_ line: String, number: Int) throws(NoteError) -> Signature {
        let prefix = "\u{2014} "
        guard line.hasPrefix(prefix) else {
            throw .malformedSignatureLine(number: number, reason: "does not start with an em dash and a space")
        }
        let rest = line.dropFirst(prefix.count)
        guard let space = rest.firstIndex(of: " ") else {
            throw .malformedSignatureLine(number: number, reason: "no space between key name and signature")
        }
        let name = String(rest[..<space])
        guard let payload = strictBase64(rest[rest.index(after: space)...]) else {
            throw .malformedSignatureLine(number: number, reason: "signature is not canonical base64")
        }
        guard payload.count > 4 else {
            throw .malformedSignatureLine(number: number, reason: "signature shorter than its 4-byte key ID")
        }
        let keyID = payload.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        do {
            return try Signature(name: name, keyID: keyID, signature: Data(payload.dropFirst(4)))
        } catch {
            throw .malformedSignatureLine(number: number, reason: "invalid key name '\(name)'")
        }
    }
}
