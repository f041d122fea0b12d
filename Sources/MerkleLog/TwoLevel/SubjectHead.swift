import Foundation

/// One leaf of the root log: a subject's tree reached `size` records with root `root`, logged at
/// `loggedAt`.
///
/// Its bytes are a small LF-terminated text, so a leaf read from a published tile explains itself:
/// ```
/// vigil.subject-head/v2
/// host:web-01
/// 12
/// <base64 of the subject tree's root hash>
/// 2026-11-29T12:00:00Z
/// ```
/// The last line is the **logged time**: when the records up to `size` entered the log. The
/// checkpoint signs it with the rest, so evidence cannot later claim to have been known earlier.
/// Stores written before logged times existed hold `v1` leaves (no time line); they still parse.
///
/// A store that keeps records by batch (docs/store-v3.md) writes `v3` leaves: two more lines say
/// where the records the head adds are (``Placement``), and which head of the subject came before.
/// ```
/// vigil.subject-head/v3
/// …                          the five lines of v2
/// 000000000000002a 17 3      the commit's batch (16 hex), its first line and how many lines
/// 1041                       the subject's previous head in the root log ("-" for its first)
/// ```
public struct SubjectHead: Sendable, Hashable {
    public static let header = "vigil.subject-head/v2"
    public static let headerWithoutTime = "vigil.subject-head/v1"
    public static let headerWithPlacement = "vigil.subject-head/v3"

    public let subject: String
    public let size: Int
    public let root: Data
    /// Whole seconds, UTC; nil only in `v1` leaves.
    public let loggedAt: Date?
    /// Where the head's new records are stored; nil except in `v3` leaves.
    public let placement: Placement?

    /// Where the records a `v3` head adds to its subject are: lines `firstLine ..< firstLine + lines`
    /// of one commit's batch, the last `lines` records of the subject's `size`.
    public struct Placement: Sendable, Hashable {
        public let batch: UInt64
        public let firstLine: Int
        public let lines: Int
        /// The root log index of the subject's head before this one; nil when this is its first, and
        /// so when `lines` is the whole `size`.
        public let previousHead: Int?

        public init(batch: UInt64, firstLine: Int, lines: Int, previousHead: Int?) {
            (self.batch, self.firstLine, self.lines, self.previousHead) = (batch, firstLine, lines, previousHead)
        }

        /// The two lines a `v3` leaf adds.
        var text: String {
            let hex = String(batch, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex + " \(firstLine) \(lines)\n" + (previousHead.map(String.init) ?? "-") + "\n"
        }

        /// The two lines back, when they are spelled as ``text`` writes them and fit a head of `size`.
        init?(_ range: Substring, _ previous: Substring, size: Int) {
            let parts = range.split(separator: " ", omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0].count == 16, let batch = UInt64(parts[0], radix: 16), let first = Int(parts[1]), first >= 0,
                let lines = Int(parts[2]), lines > 0, lines <= size, !first.addingReportingOverflow(lines).overflow
            else { return nil }
            let previousHead = previous == "-" ? nil : Int(previous)
            guard previous == "-" || (previousHead ?? -1) >= 0, (previousHead == nil) == (lines == size) else { return nil }
            self.init(batch: batch, firstLine: first, lines: lines, previousHead: previousHead)
        }
    }

    public init(subject: String, size: Int, root: Data, loggedAt: Date? = nil, placement: Placement? = nil) {
        self.subject = subject
        self.size = size
        self.root = root
        self.loggedAt = loggedAt.map { Date(timeIntervalSince1970: $0.timeIntervalSince1970.rounded(.down)) }
        self.placement = placement
    }

    /// The leaf's version: 1 without a logged time, 3 with a placement, else 2. A store's leaves are
    /// all of the version its `format` names, which `log verify` checks.
    public var version: Int { loggedAt == nil ? 1 : placement == nil ? 2 : 3 }

    /// A `v3` head always has a logged time: a placement given without one is not written.
    public var leafBytes: Data {
        guard let loggedAt else {
            return Data("\(Self.headerWithoutTime)\n\(subject)\n\(size)\n\(root.base64EncodedString())\n".utf8)
        }
        let timed = "\(subject)\n\(size)\n\(root.base64EncodedString())\n\(Self.format(loggedAt))\n"
        guard let placement else { return Data("\(Self.header)\n\(timed)".utf8) }
        return Data("\(Self.headerWithPlacement)\n\(timed)\(placement.text)".utf8)
    }

    /// Reads a leaf back; nil when the bytes are not a subject head.
    public init?(leafBytes: Data) {
        guard let head = Self.plain(leafBytes) ?? Self.parsedAsText(leafBytes) else { return nil }
        self = head
    }

    /// Any leaf, by its text, accepted only when it is written back byte for byte.
    static func parsedAsText(_ leafBytes: Data) -> SubjectHead? {
        guard let text = String(data: leafBytes, encoding: .utf8), text.hasSuffix("\n") else { return nil }
        let lines = text.dropLast().split(separator: "\n", omittingEmptySubsequences: false)
        let placed = lines.first == Substring(Self.headerWithPlacement)
        let timed = placed || lines.first == Substring(Self.header)
        guard lines.count == (placed ? 7 : timed ? 5 : 4), timed || lines[0] == Substring(Self.headerWithoutTime),
            let size = Int(lines[2]), size > 0, let root = Data(base64Encoded: String(lines[3])), root.count == 32
        else { return nil }
        var loggedAt: Date?
        if timed {
            guard let time = Self.parse(lines[4]) else { return nil }
            loggedAt = time
        }
        var placement: Placement?
        if placed {
            guard let placed = Placement(lines[5], lines[6], size: size) else { return nil }
            placement = placed
        }
        let head = SubjectHead(subject: String(lines[1]), size: size, root: root, loggedAt: loggedAt, placement: placement)
        return head.leafBytes == leafBytes ? head : nil
    }

    /// The common leaves read from their bytes: `v2` or `v3`, a subject of printable characters.
    /// Audits read every root entry, so this avoids the text round trip; anything else (or
    /// malformed) returns nil and takes the general path, which decides.
    static func plain(_ bytes: Data) -> SubjectHead? {
        bytes.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> SubjectHead? in
            guard buffer.last == 0x0A else { return nil }
            var lines: [Range<Int>] = []
            var start = 0
            for index in buffer.indices where buffer[index] == 0x0A {
                guard lines.count < 7 else { return nil }
                lines.append(start..<index)
                start = index + 1
            }
            let placed = lines.count == 7 && buffer[lines[0]].elementsEqual(headerWithPlacement.utf8)
            guard lines.count == 5 && buffer[lines[0]].elementsEqual(header.utf8) || placed,
                buffer[lines[1]].allSatisfy({ $0 >= 0x20 && $0 != 0x7F }),
                let subject = String(validating: buffer[lines[1]], as: UTF8.self),
                let size = decimal(buffer[lines[2]]), lines[3].count == 44,
                let root = Data(base64Encoded: Data(buffer[lines[3]])), root.count == 32,
                root.base64EncodedString().utf8.elementsEqual(buffer[lines[3]]),
                let loggedAt = parse(Substring(decoding: buffer[lines[4]], as: UTF8.self))
            else { return nil }
            var placement: Placement?
            if placed {
                guard
                    let read = Placement(
                        Substring(decoding: buffer[lines[5]], as: UTF8.self), Substring(decoding: buffer[lines[6]], as: UTF8.self), size: size),
                    read.text.utf8.elementsEqual(buffer[lines[5].lowerBound..<(lines[6].upperBound + 1)])
                else { return nil }
                placement = read
            }
            return SubjectHead(subject: subject, size: size, root: root, loggedAt: loggedAt, placement: placement)
        }
    }

    /// A positive decimal in its one spelling (no sign, no leading zero).
    private static func decimal(_ digits: Slice<UnsafeRawBufferPointer>) -> Int? {
        guard (1...18).contains(digits.count), digits.first != 0x30 else { return nil }
        var value = 0
        for digit in digits {
            guard (0x30...0x39).contains(digit) else { return nil }
            value = value * 10 + Int(digit - 0x30)
        }
        return value
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`: one spelling per instant, so a leaf has one byte form.
    static func format(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let (year, month, day) = CivilDate.fromDays(days)
        let time = seconds - days * 86_400
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let yearText = String(repeating: "0", count: max(0, 4 - String(year).count)) + String(year)
        return "\(yearText)-\(two(month))-\(two(day))T\(two(time / 3600)):\(two(time / 60 % 60)):\(two(time % 60))Z"
    }

    static func parse(_ text: Substring) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 20, bytes[4] == 0x2D, bytes[7] == 0x2D, bytes[10] == 0x54, bytes[13] == 0x3A,
            bytes[16] == 0x3A, bytes[19] == 0x5A
        else { return nil }
        func number(_ from: Int, _ count: Int) -> Int? {
            var value = 0
            for byte in bytes[from..<(from + count)] {
                guard (0x30...0x39).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
            let minute = number(14, 2), let second = number(17, 2), (1...12).contains(month),
            (1...CivilDate.daysIn(month: month, year: year)).contains(day), hour < 24, minute < 60, second < 60
        else { return nil }
        let days = CivilDate.toDays(year: year, month: month, day: day)
        return Date(timeIntervalSince1970: TimeInterval(days * 86_400 + hour * 3600 + minute * 60 + second))
    }
}

/// Proleptic Gregorian calendar arithmetic (H. Hinnant's days-from-civil), without Foundation's
/// Calendar: leaves are formatted and parsed by the hundred thousand.
enum CivilDate {
    static func toDays(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func fromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
