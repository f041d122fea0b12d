import Foundation

/// A C2SP signed note: UTF-8 text ending in `\n`, a blank line, then one or more signature lines
/// `— <key name> <base64(4-byte key ID ‖ signature)>`.
///
/// Parsing and ``serialized`` round-trip byte for byte (base64 must be canonical, lines LF-only).
/// Signatures are only *carried* here; ``verify(trusting:)`` decides which ones count.
public struct Note: Sendable, Hashable {
    /// Notes with more signatures are rejected (Go's `note.Open` limit).
    public static let maximumSignatureCount = 100

    /// The signed text, including its final `\n`.
    public let text: String
    /// The signature lines, in order.
    public let signatures: [Signature]

    /// One signature line.
    public struct Signature: Sendable, Hashable {
        /// The signer's key name.
        public let name: String
        /// The key ID (first 4 bytes of the key hash, big-endian).
        public let keyID: UInt32
        /// The signature bytes after the key ID (their layout depends on the key type).
        public let signature: Data

        /// A signature line's parts; the name must be a valid key name.
        public init(name: String, keyID: UInt32, signature: Data) throws(NoteError) {
            try requireValidKeyName(name)
            self.name = name
            self.keyID = keyID
            self.signature = signature
        }

        /// Byte for byte, as ``Note/==(_:_:)``.
        public static func == (a: Signature, b: Signature) -> Bool {
            a.name.utf8.elementsEqual(b.name.utf8) && a.keyID == b.keyID && a.signature == b.signature
        }

        /// The line as written in a note, without its `\n`.
        public var line: String {
            var payload = withUnsafeBytes(of: keyID.bigEndian) { Data($0) }
            payload.append(signature)
            return "\u{2014} \(name) \(payload.base64EncodedString())"
        }
    }

    /// A note from its text and at least one, at most 100, signatures.
    ///
    /// - Throws: ``NoteError`` when the text is empty, lacks its final `\n`, or has control characters.
    public init(text: String, signatures: [Signature]) throws(NoteError) {
        try Self.requireValidText(text)
        guard !signatures.isEmpty else { throw .noSignatures }
        guard signatures.count <= Self.maximumSignatureCount else { throw .tooManySignatures(signatures.count) }
        self.text = text
        self.signatures = signatures
    }

    /// The note as stored: text, blank line, one line per signature, LF line endings.
    public var serialized: String {
        text + "\n" + signatures.map { $0.line + "\n" }.joined()
    }

    /// The UTF-8 bytes of ``serialized``.
    public var serializedData: Data { Data(serialized.utf8) }

    /// Byte for byte: `String`'s `==` is Unicode canonical equivalence, under which a text spelling
    /// "é" decomposed equals the signed one spelling it composed, and a checkpoint already verified
    /// (``VerifiedCheckpoint``) would be taken for a note whose signature was never checked.
    public static func == (a: Note, b: Note) -> Bool {
        a.text.utf8.elementsEqual(b.text.utf8) && a.signatures == b.signatures
    }

    static func requireValidText(_ text: String) throws(NoteError) {
        try requireNoControlCharacters(Array(text.utf8))  // first: "\r\n" is one Character, so hasSuffix("\n") misses it
        guard text.utf8.last == 0x0A else { throw .textNotEndingInNewline }
    }
}

/// C2SP: a note holds no ASCII control characters except `\n` (so no CR and no tab).
func requireNoControlCharacters(_ bytes: [UInt8]) throws(NoteError) {
    for (offset, byte) in bytes.enumerated() where (byte < 0x20 && byte != 0x0A) || byte == 0x7F {
        throw .controlCharacter(byte, offset: offset)
    }
}

/// Key names are non-empty, contain no Unicode whitespace and no `+` (the vkey field separator).
func requireValidKeyName(_ name: String) throws(NoteError) {
    guard !name.isEmpty, !name.contains("+"),
        !name.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F })
    else { throw .invalidKeyName(name) }
}
