/// A KMS key id as the join holds it: in 16 bytes when it is written as a UUID in lower case (as
/// AWS writes key ids), else as its text.
///
/// A run joining 400k keys held each id as a string of its own in every response naming it: 1.2M
/// allocations of ~80 bytes at the collect's peak. Two ids are equal exactly when their texts are:
/// only the lower-case form is held as a number, so no text can equal a number.
struct KMSKeyID: Hashable, Sendable, CustomStringConvertible {
    private enum Form: Hashable {
        case uuid(high: UInt64, low: UInt64)
        case text(String)
    }

    private let form: Form

    init(_ text: String) {
        form = Self.uuid(text).map { .uuid(high: $0.high, low: $0.low) } ?? .text(text)
    }

    var description: String {
        switch form {
        case .text(let text): return text
        case .uuid(let high, let low): return Self.text(high: high, low: low)
        }
    }

    /// Whether a hyphen is at `offset` of `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`.
    private static func isHyphen(at offset: Int) -> Bool { offset == 8 || offset == 13 || offset == 18 || offset == 23 }

    /// The 32 hex digits of a lower-case UUID, as two numbers; nil for any other text.
    private static func uuid(_ text: String) -> (high: UInt64, low: UInt64)? {
        var text = text
        text.makeContiguousUTF8()  // a no-op for ids read from JSON
        guard text.utf8.count == 36 else { return nil }
        return text.utf8.withContiguousStorageIfAvailable { bytes -> (high: UInt64, low: UInt64)? in
            var (high, low, digits): (UInt64, UInt64, Int) = (0, 0, 0)
            for (offset, byte) in bytes.enumerated() {
                if isHyphen(at: offset) {
                    guard byte == UInt8(ascii: "-") else { return nil }
                    continue
                }
                let value: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): value = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): value = byte - UInt8(ascii: "a") + 10
                default: return nil
                }
                if digits < 16 { high = high << 4 | UInt64(value) } else { low = low << 4 | UInt64(value) }
                digits += 1
            }
            return (high, low)
        } ?? nil
    }

    private static func text(high: UInt64, low: UInt64) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(36)
        for (number, shift) in [(high, 60), (low, 60)] {
            var shift = shift
            while shift >= 0 {
                if isHyphen(at: bytes.count) { bytes.append(UInt8(ascii: "-")) }
                bytes.append(digits[Int((number >> UInt64(shift)) & 0xf)])
                shift -= 4
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
