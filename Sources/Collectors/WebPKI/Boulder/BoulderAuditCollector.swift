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
        let name = name
        func records(_ found: [Reading.Event], _ logFile: JSONValue) -> [EvidenceRecord] {
            ParallelShares.map(found, minimum: Self.minimumShare) { share in
                share.map { event in
                    var data = event.data
                    data[BoulderAuditLine.logFileKey] = logFile
                    return EvidenceRecord(
                        kind: event.kind, subject: event.subject, observedAt: event.time, collector: name,
                        origin: .observed, source: source, data: data)
                }
            }
        }
        var reading = Reading(building: true)
        var logFile: JSONValue?
        let batch = batchSize(for: input)
        let leftOut = try Self.read(input, into: &reading, wave: min(Self.linesPerWave, batch)) { reading throws(CollectionFailure) in
            guard reading.found.count >= batch else { return }
            if logFile == nil {
                var counting = Reading(building: false)
                _ = try Self.read(input, into: &counting, wave: Self.linesPerWave) { _ throws(CollectionFailure) in }
                logFile = counting.logFile
            }
            try emit(records(reading.found, logFile ?? reading.logFile))
            reading.found.removeAll(keepingCapacity: true)
        }
        if !reading.found.isEmpty { try emit(records(reading.found, logFile ?? reading.logFile)) }
        return leftOut
    }

    /// How many lines are read at most at once, across the cores, and the fewest worth a core of their own.
    static let linesPerWave = 8_192
    private static let minimumShare = 1_024
    /// The text a wave may hold: lines may each be as long as `limits.document_size` (4 MiB), and a
    /// wave of such lines must not hold thousands of them.
    static let bytesPerWave = 32 << 20

    /// Reads every line into `reading` a wave of lines at a time, each wave shared out across the
    /// cores and taken in in the lines' order (the first failing line is the one named, as when read
    /// one by one): parsing lines, and serializing and hashing their records, was most of a collect.
    /// `afterWave` is called after each wave.
    private static func read(
        _ input: CollectorInput, into reading: inout Reading, wave: Int,
        afterWave: (inout Reading) throws(CollectionFailure) -> Void
    ) throws(CollectionFailure) -> [CollectionFailure] {
        let building = reading.building
        var waiting: [(content: Substring, number: Int)] = []
        var waitingBytes = 0
        func readWaiting() throws(CollectionFailure) {
            let parts = try ParallelShares.map(waiting, minimum: minimumShare) { share throws(CollectionFailure) in
                var part = Reading(building: building)
                for (content, number) in share { try part.read(content, number: number, input: input) }
                return [part]
            }
            waiting.removeAll(keepingCapacity: true)
            waitingBytes = 0
            for part in parts { reading.add(part) }
            try afterWave(&reading)
        }
        let leftOut = try eachLine(of: input) { content, number throws(CollectionFailure) in
            waiting.append((content, number))
            waitingBytes += content.utf8.count
            if waiting.count >= wave || waitingBytes >= bytesPerWave { try readWaiting() }
        }
        try readWaiting()
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
    /// Counted in fields, not a dictionary: two or three lookups of a string key per line were a
    /// tenth of reading it.
    var lines = 0, kept = 0, ignoredNonAudit = 0, ignoredOtherAudit = 0, ignoredOtherPrograms = 0

    /// The counts as every record carries them.
    var logFile: JSONValue {
        BoulderAuditLine.logFile([
            "lines": lines, "kept": kept, "ignored_non_audit": ignoredNonAudit, "ignored_other_audit": ignoredOtherAudit,
            "ignored_other_programs": ignoredOtherPrograms,
        ])
    }

    /// Reads one non-blank line; throws naming the line when it is malformed or altered.
    mutating func read(_ content: Substring, number: Int, input: CollectorInput) throws(CollectionFailure) {
        lines += 1
        let line: BoulderLogLine
        switch BoulderLogLine.parse(content, number: number) {
        case .malformed(let reason): throw input.failure(at: "line \(number)", reason)
        case .line(let parsed): line = parsed
        }
        let isAudit = line.message.hasPrefix("[AUDIT] ")
        guard line.binary.hasPrefix("boulder") || line.message.contains("[AUDIT]") else {
            ignoredOtherPrograms += 1
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
            ignoredNonAudit += 1
            return
        }
        let body = line.message.dropFirst("[AUDIT] ".count)
        guard let marker = Self.jsonMarker(in: body) else {
            ignoredOtherAudit += 1
            return
        }
        let message = String(body[..<marker.lowerBound])
        guard BoulderAuditEvent.issuanceMessages[message] != nil || BoulderAuditEvent.validationMessages[message] != nil else {
            ignoredOtherAudit += 1
            return
        }
        guard building else {
            kept += 1
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
        kept += 1
    }

    /// Takes in what `other`, the lines read right after these, gave.
    mutating func add(_ other: Reading) {
        found += other.found
        lines += other.lines
        kept += other.kept
        ignoredNonAudit += other.ignoredNonAudit
        ignoredOtherAudit += other.ignoredOtherAudit
        ignoredOtherPrograms += other.ignoredOtherPrograms
    }

    /// Where ` JSON=` begins in an audit message, found over its bytes: `firstRange(of:)` took the
    /// string-processing library's generic search, a thirtieth of a collect.
    static func jsonMarker(in body: Substring) -> Range<Substring.Index>? {
        let marker: StaticString = " JSON="
        let length = marker.utf8CodeUnitCount
        let found = body.utf8.withContiguousStorageIfAvailable { bytes -> Int? in
            // The marker follows the message's short name: a forward scan finds it within a few dozen bytes.
            guard bytes.count >= length else { return nil }
            return (0...(bytes.count - length)).first { start in
                (0..<length).allSatisfy { bytes[start + $0] == marker.utf8Start[$0] }
            }
        }
        guard let offset = found else { return body.firstRange(of: " JSON=") }  // bytes not held contiguously
        guard let offset else { return nil }
        let lower = body.utf8.index(body.startIndex, offsetBy: offset)
        return lower..<body.utf8.index(lower, offsetBy: length)
    }
}
