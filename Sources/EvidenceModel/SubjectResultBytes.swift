import Foundation

/// A verdict as bytes and back, for verdicts spooled to a file until the report is written
/// (``SubjectResults``). Only Vigil writes and reads these bytes, within one run; they are no format
/// anyone else reads.
///
/// ```
/// flags (1 byte)    bit 0: an acceptance; bit 1: an observation time; bits 2-3: late ids
///                   (0 none, 1 all of the evidence, 2 a list)
/// status (1 byte)   its place in Status.allCases
/// subject, reason   each a text (``ByteWriter/string(_:)``)
/// evidence          the ids (``ByteWriter/strings(_:)``)
/// acceptance        a text, when flagged
/// observed at       a date (``ByteWriter/date(_:)``), when flagged
/// late              the ids, when a list
/// ```
enum SubjectResultBytes {
    private static let statuses = Status.allCases

    static func append(_ result: SubjectResult, to writer: inout ByteWriter) {
        let late = result.late
        let lateForm = late.isEmpty ? 0 : late == result.evidence ? 1 : 2
        // Flags and status are each below 0x80: one byte each.
        writer.count(lateForm << 2 | (result.acceptance == nil ? 0 : 1) | (result.observedAt == nil ? 0 : 2))
        writer.count(statuses.firstIndex(of: result.status) ?? 0)
        writer.string(result.subject)
        writer.string(result.reason)
        writer.strings(result.evidence)
        if let acceptance = result.acceptance { writer.string(acceptance) }
        if let observedAt = result.observedAt { writer.date(observedAt) }
        if lateForm == 2 { writer.strings(late) }
    }

    /// The verdict's status and whether it names late evidence, in one byte: what a report counts of
    /// every verdict, kept beside a spooled piece so that counting reads no piece back.
    static func mark(of result: SubjectResult) -> UInt8 {
        UInt8(statuses.firstIndex(of: result.status) ?? 0) | (result.late.isEmpty ? 0 : 0x80)
    }

    static func status(ofMark mark: UInt8) -> Status { statuses[Int(mark & 0x7F)] }

    static func isLate(mark: UInt8) -> Bool { mark & 0x80 != 0 }

    /// The next verdict `reader` reads.
    static func read(_ reader: inout ByteReader) throws(ByteReader.Malformed) -> SubjectResult {
        let flags = try reader.count()
        let statusPlace = try reader.count()
        guard statusPlace < statuses.count, flags >> 2 <= 2 else { throw ByteReader.Malformed() }
        let subject = try reader.string()
        let reason = try reader.string()
        let evidence = try reader.strings()
        let acceptance = flags & 1 != 0 ? try reader.string() : nil
        let observedAt = flags & 2 != 0 ? try reader.date() : nil
        var result = SubjectResult(
            subject: subject, status: statuses[statusPlace], reason: reason, evidence: evidence, acceptance: acceptance,
            observedAt: observedAt)
        switch flags >> 2 {
        case 1: result.late = evidence
        case 2: result.late = try reader.strings()
        default: break
        }
        return result
    }
}
