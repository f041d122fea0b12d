import EvidenceModel
import Foundation

/// A record's header (``RecordHeader``) as the collect's spool keeps it just before the record's
/// canonical bytes, so that the index takes the fields of what this process wrote without parsing
/// the JSON back: parsing every record written again was a third of a collect's index sync.
///
/// Every field is the one the bytes say: the same strings, and the observation time as read back
/// from its text (`observed_at` holds a millisecond-precision timestamp, the record its instant).
/// Strings are a little-endian 32-bit length and their UTF-8; the time is its bit pattern.
enum SpooledHeader {
    static func encode(_ record: EvidenceRecord) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(160)
        func put(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
        func put(_ text: String) {
            withUnsafeBytes(of: UInt32(text.utf8.count).littleEndian) { bytes += $0 }
            bytes += text.utf8
        }
        let observed = Timestamp.parse(Timestamp.format(record.observedAt)) ?? record.observedAt
        for text in [record.kind, record.subject, record.collector, record.origin.rawValue, record.source.name, record.source.sha256] {
            put(text)
        }
        put(observed.timeIntervalSinceReferenceDate.bitPattern)
        return bytes
    }

    /// The header `bytes` hold; nil when they are not one.
    static func decode(_ bytes: some ContiguousBytes) -> RecordHeader? { bytes.withUnsafeBytes(decode(raw:)) }

    private static func decode(raw: UnsafeRawBufferPointer) -> RecordHeader? {
        var at = 0
        func number(_ width: Int) -> UInt64? {
            guard raw.count - at >= width else { return nil }
            defer { at += width }
            return (0..<width).reversed().reduce(UInt64(0)) { $0 << 8 | UInt64(raw[at + $1]) }
        }
        func text() -> String? {
            guard let count = number(4).map(Int.init), raw.count - at >= count else { return nil }
            defer { at += count }
            return String(validating: raw[at..<(at + count)], as: UTF8.self)
        }
        guard let kind = text(), let subject = text(), let collector = text(), let origin = text().flatMap(EvidenceOrigin.init),
            let name = text(), let sha256 = text(), let time = number(8), at == raw.count
        else { return nil }
        return RecordHeader(
            kind: kind, subject: subject, observedAt: Date(timeIntervalSinceReferenceDate: Double(bitPattern: time)),
            collector: collector, origin: origin, source: EvidenceSource(name: name, sha256: sha256))
    }
}
