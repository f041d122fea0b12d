import Foundation

/// The one rule for the text of every file Vigil reads: collector inputs, control files, the files
/// they name, `vigil.yaml` and perspective catalogues.
///
/// A leading UTF-8 byte-order mark (written by Windows editors) is skipped, so the same file reads
/// the same whichever editor saved it. Bytes that are not UTF-8 are refused, naming the offset of
/// the first one in the file: replacing them with U+FFFD would quietly change names and paths (a
/// workspace folder once became `w�s`).
public enum UTF8Text {
    /// The first byte of a file that does not decode as UTF-8.
    public struct InvalidByte: Error, Equatable, Sendable, CustomStringConvertible {
        /// 0-based, counted from the file's first byte (a byte-order mark included).
        public let offset: Int

        public init(offset: Int) { self.offset = offset }

        public var reason: String { "not UTF-8 text (binary file?)" }
        public var description: String { "byte \(offset): \(reason)" }
    }

    public static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// `bytes` without a leading byte-order mark.
    public static func withoutByteOrderMark(_ bytes: Data) -> Data {
        bytes.starts(with: byteOrderMark) ? bytes.dropFirst(byteOrderMark.count) : bytes
    }

    /// Checks `bytes` as ``decode(_:)`` does, in place, without making a copy of the text (a
    /// 100 MB inventory read a response at a time was copied whole only to be checked).
    /// - Returns: where the text starts: after the byte-order mark, if any.
    /// - Throws: ``InvalidByte`` for the first byte that is not UTF-8.
    public static func validate(_ bytes: Data) throws(InvalidByte) -> Int {
        let start = bytes.starts(with: byteOrderMark) ? byteOrderMark.count : 0
        let valid = bytes.withUnsafeBytes { raw -> Bool in
            let text = UnsafeBufferPointer(rebasing: raw.bindMemory(to: UInt8.self)[start...])
            do throws(UTF8.ValidationError) {
                _ = try UTF8Span(validating: text.span)
                return true
            } catch {
                return false
            }
        }
        guard valid else { _ = try decode(bytes); return start }  // names the byte as decode does
        return start
    }

    /// The text of `bytes`, a leading byte-order mark skipped.
    ///
    /// - Throws: ``InvalidByte`` for the first byte that is not UTF-8.
    public static func decode(_ bytes: Data) throws(InvalidByte) -> String {
        let text = withoutByteOrderMark(bytes)
        // The standard library's validation is many times faster than decoding scalar by scalar;
        // the slow walk only runs to name the offset of a byte it refused.
        if let valid = text.withUnsafeBytes({ String(validating: $0.assumingMemoryBound(to: UInt8.self), as: UTF8.self) }) {
            return valid
        }
        let offset = UntrustedText.firstInvalidUTF8Offset(in: text) ?? 0
        throw InvalidByte(offset: text.startIndex - bytes.startIndex + offset)
    }
}
