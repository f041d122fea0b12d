import EvidenceModel
import Foundation

/// Reads Boulder (Let's Encrypt's CA) log files: the `[AUDIT]` lines that record issuance
/// decisions and multi-perspective validations (``BoulderAuditEvent``).
///
/// Every line Boulder wrote carries a CRC-32 of its message (``BoulderLogLine``), and every one is
/// verified: a mismatch rejects the whole file naming the line, because an altered audit log is
/// exactly what this evidence must expose. The one exception is a last line with no newline, which
/// rsyslog is still writing: it is left out with a warning (see ``collect(from:)``). Lines of other programs (no checksum, not `boulder-*`,
/// no `[AUDIT]`), Boulder's non-audit lines and audit messages other than the kept ones are
/// skipped and counted in each record's `log_file` {`lines`, `kept`, `ignored_non_audit`,
/// `ignored_other_audit`, `ignored_other_programs`}, as CloudTrail's ignored events are.
public struct BoulderAuditCollector: StreamingCollector {
    public let name = "boulder-audit"

    public init() {}

    /// The records of every complete line, a batch at a time. A last line without its newline that
    /// is cut short (malformed, or its checksum missing or not matching) is one rsyslog is still
    /// writing: it is left out with a warning and the lines before it are kept. The same on a line
    /// that ends in a newline rejects the file, and so does anything else wrong with the last line.
    ///
    /// Every record carries the whole file's counts (`log_file`). A file of no more than one batch
    /// is read once and handed over at the end; a larger one is counted first, when its first batch
    /// fills, from the lines' shape alone (no checksum, no JSON). The count agrees with the full
    /// read, since anything that would make them differ rejects the file.
    public func stream(
        from input: CollectorInput, emit: (_ records: [EvidenceRecord]) throws(CollectionFailure) -> Void
    )
        throws(CollectionFailure) -> [CollectionFailure]
    {
        let source = input.source
        func records(_ found: [Reading.Event], _ logFile: JSONValue) -> [EvidenceRecord] {
            found.map { event in
                var data = event.data
                data[BoulderAuditLine.logFileKey] = logFile
                return EvidenceRecord(
                    kind: event.kind, subject: event.subject, observedAt: event.time, collector: name,
                    origin: .observed, source: source, data: data)
            }
        }
        var reading = Reading(building: true)
        var logFile: JSONValue?
        let batch = batchSize(for: input)
        let leftOut = try Self.eachLine(of: input) { content, number throws(CollectionFailure) in
            try reading.read(content, number: number, input: input)
            guard reading.found.count >= batch else { return }
            if logFile == nil {
                var counting = Reading(building: false)
                _ = try Self.eachLine(of: input) { content, number throws(CollectionFailure) in
                    try counting.read(content, number: number, input: input)
                }
                logFile = counting.logFile
            }
            try emit(records(reading.found, logFile ?? reading.logFile))
            reading.found.removeAll(keepingCapacity: true)
        }
        if !reading.found.isEmpty { try emit(records(reading.found, logFile ?? reading.logFile)) }
        return leftOut
    }

    /// Calls `body` with each non-blank line (without its line break) and its number, leaving out a
    /// cut-short last line with no newline. The file is read line by line (``InputText``), never
    /// held whole as text. - Returns: that line, if left out.
    private static func eachLine(
        of input: CollectorInput, _ body: (Substring, Int) throws(CollectionFailure) -> Void
    ) throws(CollectionFailure) -> [CollectionFailure] {
        var read = 0
        var leftOut: [CollectionFailure] = []
        try InputText.forEachLine(of: input) { raw, number, terminated throws(CollectionFailure) in
            let content = raw.hasSuffix("\r") ? raw.dropLast() : raw
            guard !content.allSatisfy(\.isWhitespace) else { return }
            if !terminated, let cut = cutShort(content, number: number) {
                leftOut = [
                    input.failure(
                        at: "line \(number)",
                        "last line is incomplete (still being written?): it has no newline and \(cut); "
                            + "left out, the \(read) complete line\(read == 1 ? "" : "s") before it kept")
                ]
                return
            }
            try body(content, number)
            read += 1
        }
        return leftOut
    }
}

extension BoulderAuditCollector {
    /// Why a line reads as cut off (malformed, its checksum missing or not matching), or nil when it is whole.
    static func cutShort(_ content: Substring, number: Int) -> String? {
        switch BoulderLogLine.parse(content, number: number) {
        case .malformed(let reason): return reason
        case .line(let line) where line.checksum == nil:
            return line.binary.hasPrefix("boulder") ? "it has no checksum" : nil
        case .line(let line): return line.checksumHolds ? nil : "its checksum does not match its message"
        }
    }
}

/// What the lines read so far gave: the audit events kept and the counts for `log_file`.
///
/// When not `building`, only counts, from each line's shape: neither its checksum nor its JSON is
/// read, and every line whose message is one of the kept ones counts as kept.
private struct Reading {
    typealias Event = (kind: String, subject: String, data: [String: JSONValue], time: Date)

    let building: Bool
    var found: [Event] = []
    var counts = ["lines": 0, "kept": 0, "ignored_non_audit": 0, "ignored_other_audit": 0, "ignored_other_programs": 0]

    /// The counts as every record carries them.
    var logFile: JSONValue { BoulderAuditLine.logFile(counts) }

    /// Reads one non-blank line; throws naming the line when it is malformed or altered.
    mutating func read(_ content: Substring, number: Int, input: CollectorInput) throws(CollectionFailure) {
        counts["lines", default: 0] += 1
        let line: BoulderLogLine
        switch BoulderLogLine.parse(content, number: number) {
        case .malformed(let reason): throw input.failure(at: "line \(number)", reason)
        case .line(let parsed): line = parsed
        }
        let isAudit = line.message.hasPrefix("[AUDIT] ")
        guard line.binary.hasPrefix("boulder") || line.message.contains("[AUDIT]") else {
            counts["ignored_other_programs", default: 0] += 1
            return
        }
        guard let written = line.checksum else {
            throw input.failure(at: "line \(number)", "Boulder line without a checksum (Boulder checksums every line)")
        }
        guard !building || line.checksumHolds else {
            let expected = BoulderLogLine.checksum(of: line.message, like: written)
            throw input.failure(
                at: "line \(number)",
                "checksum mismatch: the line says \(written), its message hashes to \(expected) (CRC-32): the line was altered")
        }
        guard isAudit else {
            counts["ignored_non_audit", default: 0] += 1
            return
        }
        let body = line.message.dropFirst("[AUDIT] ".count)
        guard let marker = body.firstRange(of: " JSON=") else {
            counts["ignored_other_audit", default: 0] += 1
            return
        }
        let message = String(body[..<marker.lowerBound])
        guard BoulderAuditEvent.issuanceMessages[message] != nil || BoulderAuditEvent.validationMessages[message] != nil else {
            counts["ignored_other_audit", default: 0] += 1
            return
        }
        guard building else {
            counts["kept", default: 0] += 1
            return
        }
        let json = body[marker.upperBound...]
        let value: JSONValue
        do { value = try JSONValue.parse(Data(json.utf8), limits: input.limits) } catch {
            // Looked for only when the parse fails: a line that parses holds one document.
            if JSONDocuments.lineOfSecondDocument(in: String(json)) != nil {
                throw input.failure(at: "line \(number), JSON=", JSONDocuments.secondDocument("audit event", holder: "a line"))
            }
            throw input.failure(at: "line \(number), JSON= \(error.location)", error.reason)
        }
        let node = JSONNode(value: value, path: "line \(number) $", input: input)
        for (kind, subject, data) in try BoulderAuditEvent.records(node, message: message, line: line) {
            found.append((kind, subject, data, line.time))
        }
        counts["kept", default: 0] += 1
    }
}
