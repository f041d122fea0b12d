/// A name held in 32 bytes when it is 64 lower-case hex digits (a SHA-256 as Vigil writes one: a
/// record's id, a subject's folder), else as its text. Two are equal exactly when their texts are:
/// only lower-case digits are held as bytes.
///
/// Many are kept at once: a commit of 262,144 subjects keeps two folders written for each (as
/// strings, ~420 bytes a subject with their table's entries: 28 MB of a 100k-key collect's peak), a
/// check of 400k keys a result naming each key's record.
public struct HexOrText: Hashable, Sendable, CustomStringConvertible {
    private enum Form: Hashable, Sendable {
        case digest(UInt64, UInt64, UInt64, UInt64)
        case text(String)
    }

    private let form: Form

    public init(_ name: String) {
        var name = name
        name.makeContiguousUTF8()  // a no-op for names split from a path
        form = name.utf8.withContiguousStorageIfAvailable(Self.digest).flatMap { $0 } ?? .text(name)
    }

    public var text: String {
        switch form {
        case .text(let text): return text
        case .digest(let a, let b, let c, let d):
            let digits = Self.hexDigits
            var bytes: [UInt8] = []
            bytes.reserveCapacity(64)
            for word in [a, b, c, d] {
                for shift in stride(from: 60, through: 0, by: -4) { bytes.append(digits[Int((word >> UInt64(shift)) & 0xF)]) }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    public var description: String { text }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// The 64 lower-case hex digits of `name` as four words; nil for any other name.
    private static func digest(_ name: UnsafeBufferPointer<UInt8>) -> Form? {
        guard name.count == 64 else { return nil }
        var words: [UInt64] = [0, 0, 0, 0]
        for (offset, byte) in name.enumerated() {
            let value: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = byte - UInt8(ascii: "a") + 10
            default: return nil
            }
            words[offset / 16] = words[offset / 16] << 4 | UInt64(value)
        }
        return .digest(words[0], words[1], words[2], words[3])
    }
}
