import Foundation

/// A verdict as bytes and back, for verdicts spooled to a file until the report is written
/// (``SubjectResults``). Only Vigil writes and reads these bytes, within one run; they are no format
/// anyone else reads.
///
/// ```
/// flags (u8)        bit 0: an acceptance; bit 1: an observation time; bits 2-3: late ids
///                   (0 none, 1 all of the evidence, 2 a list)
/// status (u8)       its place in Status.allCases
/// subject, reason   each a text: its UTF-8 byte count (LEB128), then the bytes
/// evidence          a count (LEB128), then each id as a text
/// acceptance        a text, when flagged
/// observed at       the 8 bytes of its seconds since 2001 (Double, little-endian), when flagged
/// late              a count and each id as a text, when a list
/// ```
enum SubjectResultBytes {
    private static let statuses = Status.allCases

    static func append(_ result: SubjectResult, to bytes: inout [UInt8]) {
        let late = result.late
        let lateForm: UInt8 = late.isEmpty ? 0 : late == result.evidence ? 1 : 2
        var flags: UInt8 = lateForm << 2
        if result.acceptance != nil { flags |= 1 }
        if result.observedAt != nil { flags |= 2 }
        bytes.append(flags)
        bytes.append(UInt8(statuses.firstIndex(of: result.status) ?? 0))
        appendText(result.subject, to: &bytes)
        appendText(result.reason, to: &bytes)
        appendTexts(result.evidence, to: &bytes)
        if let acceptance = result.acceptance { appendText(acceptance, to: &bytes) }
        if let observedAt = result.observedAt {
            withUnsafeBytes(of: observedAt.timeIntervalSinceReferenceDate.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
        }
        if lateForm == 2 { appendTexts(late, to: &bytes) }
    }

    /// The status of the verdict whose bytes start at `start` (written by ``append(_:to:)``).
    static func status(in bytes: UnsafeRawBufferPointer, at start: Int) -> Status {
        statuses[Int(bytes[start + 1])]
    }

    /// Whether the verdict whose bytes start at `start` names late evidence.
    static func hasLate(in bytes: UnsafeRawBufferPointer, at start: Int) -> Bool {
        bytes[start] >> 2 != 0
    }

    /// The verdict whose bytes start at `offset`, which moves past them; nil when they are not one.
    static func read(_ bytes: UnsafeRawBufferPointer, at offset: inout Int) -> SubjectResult? {
        var reader = Reader(bytes: bytes, offset: offset)
        guard let flags = reader.byte(), let statusPlace = reader.byte(), Int(statusPlace) < statuses.count,
            let subject = reader.text(), let reason = reader.text(), let evidence = reader.texts()
        else { return nil }
        var acceptance: String?
        if flags & 1 != 0 {
            guard let text = reader.text() else { return nil }
            acceptance = text
        }
        var observedAt: Date?
        if flags & 2 != 0 {
            guard let bits = reader.word() else { return nil }
            observedAt = Date(timeIntervalSinceReferenceDate: Double(bitPattern: bits))
        }
        var result = SubjectResult(
            subject: subject, status: statuses[Int(statusPlace)], reason: reason, evidence: evidence, acceptance: acceptance,
            observedAt: observedAt)
        switch flags >> 2 {
        case 0: break
        case 1: result.late = evidence
        case 2:
            guard let late = reader.texts() else { return nil }
            result.late = late
        default: return nil
        }
        offset = reader.offset
        return result
    }

    private static func appendText(_ text: String, to bytes: inout [UInt8]) {
        appendCount(text.utf8.count, to: &bytes)
        bytes.append(contentsOf: text.utf8)
    }

    private static func appendTexts(_ texts: [String], to bytes: inout [UInt8]) {
        appendCount(texts.count, to: &bytes)
        for text in texts { appendText(text, to: &bytes) }
    }

    private static func appendCount(_ count: Int, to bytes: inout [UInt8]) {
        var rest = UInt64(count)
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    private struct Reader {
        let bytes: UnsafeRawBufferPointer
        var offset: Int

        mutating func byte() -> UInt8? {
            guard offset < bytes.count else { return nil }
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func count() -> Int? {
            var value: UInt64 = 0
            for shift in stride(from: 0, to: 63, by: 7) {
                guard let byte = byte() else { return nil }
                value |= UInt64(byte & 0x7f) << shift
                if byte < 0x80 { return value <= UInt64(bytes.count) ? Int(value) : nil }
            }
            return nil
        }

        mutating func text() -> String? {
            guard let count = count(), count <= bytes.count - offset else { return nil }
            defer { offset += count }
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)]), as: UTF8.self)
        }

        mutating func texts() -> [String]? {
            guard let count = count() else { return nil }
            var texts: [String] = []
            texts.reserveCapacity(Swift.min(count, 16))
            for _ in 0..<count {
                guard let text = text() else { return nil }
                texts.append(text)
            }
            return texts
        }

        mutating func word() -> UInt64? {
            guard bytes.count - offset >= 8 else { return nil }
            var value: UInt64 = 0
            for place in 0..<8 { value |= UInt64(bytes[offset + place]) << (8 * place) }
            offset += 8
            return value
        }
    }
}
