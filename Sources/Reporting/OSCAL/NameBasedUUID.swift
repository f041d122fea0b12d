import Crypto

/// Version 5 UUIDs (RFC 9562 §5.5): SHA-1 over a namespace and a name, so the same name always
/// gives the same UUID — an OSCAL document rendered twice from the same run is byte for byte the same,
/// and a subject keeps its UUID across runs. SHA-1 is what the RFC defines them over; it names
/// things here and protects nothing (Vigil's digests are SHA-256).
public struct NameBasedUUID: Sendable, Hashable, CustomStringConvertible {
    public let bytes: [UInt8]

    /// Vigil's own namespace: every UUID in its OSCAL documents is named under it.
    public static let vigilNamespace = NameBasedUUID(bytes: [
        0x4C, 0x16, 0x37, 0xFF, 0xBC, 0xB4, 0x4A, 0xE0, 0xAF, 0x1A, 0xFD, 0xBA, 0x51, 0x6F, 0x5C, 0x06,
    ])

    private init(bytes: [UInt8]) { self.bytes = bytes }

    public init(namespace: NameBasedUUID, name: String) {
        var hash = Array(Insecure.SHA1.hash(data: namespace.bytes + Array(name.utf8)).prefix(16))
        hash[6] = (hash[6] & 0x0F) | 0x50  // version 5
        hash[8] = (hash[8] & 0x3F) | 0x80  // RFC 9562 variant
        bytes = hash
    }

    /// A UUID in its 8-4-4-4-12 hex text form, or nil.
    public init?(parsing text: String) {
        let hex = text.filter { $0 != "-" }
        guard text.count == 36, hex.count == 32 else { return nil }
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        self.bytes = bytes
    }

    public var description: String {
        let hex = bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        let cuts = [8, 12, 16, 20]
        var out = ""
        for (offset, character) in hex.enumerated() {
            if cuts.contains(offset) { out.append("-") }
            out.append(character)
        }
        return out
    }
}
