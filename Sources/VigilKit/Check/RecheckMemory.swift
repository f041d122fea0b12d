import ControlEngine
import EvidenceModel
import Foundation

/// What a check leaves for the next check at the same instant: each subject's verdicts
/// (``SubjectVerdicts``) and the index rows (seqs) of the records they were judged on, and the rows of
/// the shared records every subject was judged with.
///
/// A subject whose selected rows are the same is judged on the same records: the index numbers rows
/// in log order, whether it was extended commit by commit or rebuilt, and never renumbers one.
struct RecheckMemory: Equatable {
    struct Entry: Equatable {
        var seqs: [Int64]
        var verdicts: SubjectVerdicts
    }

    /// The shared records' rows, in order, and their ids, sorted: what the rows must still hold.
    var shared: [Int64]
    var sharedIDs: [String]
    /// The index's newest row when the selection was read (nil: not known): the next check needs to
    /// select again only the subjects of the records stored after it.
    var through: Int64?
    var subjects: [String: Entry] = [:] {
        didSet { storedOrder = [] }
    }
    /// The subjects in the order the stored memory held them (sorted), while they are as decoded.
    private var storedOrder: [String] = []

    /// Every subject remembered, sorted: as stored, when the memory is as decoded.
    /// A re-check walks them in this order, so that the verdicts it keeps come out in the order a run
    /// sorts them into and its next memory is written in order (sorting 50k subjects' verdicts was a
    /// tenth of a re-check).
    var sortedSubjects: [String] { storedOrder.isEmpty ? subjects.keys.sorted() : storedOrder }

    static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.shared == rhs.shared && lhs.sharedIDs == rhs.sharedIDs && lhs.through == rhs.through && lhs.subjects == rhs.subjects
    }

    init(shared: [Int64], sharedIDs: [String], through: Int64? = nil) {
        self.shared = shared
        self.sharedIDs = sharedIDs
        self.through = through
    }

    /// Why stored bytes are not a memory this build wrote.
    typealias Unreadable = ByteReader.Malformed

    /// Reads the bytes ``Encoder`` wrote: what every subject shares, the subjects, and last their
    /// count, in eight bytes (written once every subject was, read first).
    init(decoding data: some Collection<UInt8>) throws(Unreadable) {
        try self.init(decoding: Array(data), from: 0)
    }

    /// ``init(decoding:)`` of the bytes of `bytes` from `start`, without copying them.
    init(decoding bytes: [UInt8], from start: Int) throws(Unreadable) {
        guard bytes.count - start >= 8, start >= 0 else { throw Unreadable() }
        let stored = bytes[(bytes.count - 8)...].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        var reader = ByteReader(bytes: bytes, from: start, end: bytes.count - 8)
        guard try reader.string() == Self.format else { throw Unreadable() }
        shared = try reader.seqs()
        sharedIDs = try reader.strings()
        let through = try reader.seqs()
        guard through.count <= 1 else { throw Unreadable() }
        self.through = through.first
        guard stored <= UInt64(bytes.count) else { throw Unreadable() }
        let count = Int(stored)
        // Every subject takes bytes of its own: a count past them is not reserved for (it fails below).
        subjects.reserveCapacity(min(count, bytes.count - start))
        storedOrder.reserveCapacity(min(count, bytes.count - start))
        for _ in 0..<count {
            let subject = try reader.string()
            storedOrder.append(subject)
            let seqs = try reader.seqs()
            var verdicts = SubjectVerdicts()
            let verdictCount = try reader.count()
            verdicts.verdicts.reserveCapacity(min(verdictCount, 64))
            for _ in 0..<verdictCount {
                let control = try reader.count()
                verdicts.verdicts.append(.init(control: control, result: try reader.result(of: subject)))
            }
            for _ in 0..<(try reader.count()) { verdicts.evidenced.append(try reader.count()) }
            for _ in 0..<(try reader.count()) {
                let gapSubject = try reader.same(as: subject)
                guard let gap = ScopeGap.Gap(rawValue: try reader.repeated()) else { throw Unreadable() }
                let control = try reader.optionalString()
                let reason = try reader.string()
                verdicts.gaps.append(
                    ScopeGap(subject: gapSubject, gap: gap, control: control, reason: reason, isFlagged: try reader.count() == 1))
            }
            // Added and looked for at once: a subject named twice is not a memory this build wrote.
            guard subjects.updateValue(Entry(seqs: seqs, verdicts: verdicts), forKey: subject) == nil else { throw Unreadable() }
        }
        guard reader.isAtEnd else { throw Unreadable() }
    }

    static let format = "vigil recheck memory v5"
}

extension ByteWriter {
    /// A result of `subject`, whose subject it almost always is; statuses and reasons repeat.
    mutating func result(_ result: SubjectResult, of subject: String) {
        same(result.subject, as: subject)
        repeated(result.status.rawValue)
        repeated(result.reason)
        strings(result.evidence)
        optionalString(result.acceptance)
        count(result.observedAt == nil ? 0 : 1)
        if let observedAt = result.observedAt { date(observedAt) }
        // The late ids are some of its evidence, in order: their places, not their text again.
        seqs(result.latePlaces.map(Int64.init))
    }

    /// `text`, written as a flag when it is `subject`.
    mutating func same(_ text: String, as subject: String) {
        count(text == subject ? 0 : 1)
        if text != subject { string(text) }
    }
}

extension ByteReader {
    fileprivate mutating func result(of entry: String) throws(RecheckMemory.Unreadable) -> SubjectResult {
        let subject = try same(as: entry)
        guard let status = Status(rawValue: try repeated()) else { throw RecheckMemory.Unreadable() }
        let reason = try repeated()
        let evidence = try strings()
        let acceptance = try optionalString()
        let observedAt = try count() == 1 ? try date() : nil
        var result = SubjectResult(
            subject: subject, status: status, reason: reason, evidence: evidence, acceptance: acceptance, observedAt: observedAt)
        var late: [Int] = []
        for place in try seqs() {
            // Places of the evidence, each after the last: anything else is not what was written.
            guard place > Int64(late.last ?? -1), place < Int64(evidence.count) else { throw RecheckMemory.Unreadable() }
            late.append(Int(place))
        }
        result.markLate(places: late)
        return result
    }

    fileprivate mutating func same(as subject: String) throws(RecheckMemory.Unreadable) -> String {
        try count() == 0 ? subject : try string()
    }
}
