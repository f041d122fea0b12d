import ControlEngine
import EvidenceModel
import Foundation

extension RecheckMemory {
    /// Encodes a memory a subject at a time, in the order the stored memory lists them (sorted), so
    /// that a check judging its subjects in that order keeps their verdicts as bytes, or writes them
    /// to their file as it goes, never as a table of every subject's verdicts: held whole, the memory
    /// of 400k KMS keys was 200 MB of a 734 MiB check, and its bytes 86 MB.
    ///
    /// The subjects' count comes last, in eight bytes, so nothing written is gone back to.
    struct Encoder {
        private var writer: ByteWriter
        private var pieces: [[UInt8]] = []
        private let chunk: Int
        /// Where each piece goes as it is full (nil: kept, and returned by ``finish()``).
        private let sink: (([UInt8]) -> Void)?
        /// How many subjects were added.
        private var count = 0
        private var last: String?
        /// False once a subject came at or before the one added last: the bytes would not be a memory.
        private var inOrder = true

        /// Starts with what every subject shares; pieces of about `chunk` bytes go to `sink` if given.
        init(shared: [Int64], sharedIDs: [String], through: Int64?, chunk: Int = 1 << 20, sink: (([UInt8]) -> Void)? = nil) {
            self.chunk = chunk
            self.sink = sink
            writer = ByteWriter(capacity: chunk + chunk / 4)
            writer.string(RecheckMemory.format)
            writer.seqs(shared)
            writer.strings(sharedIDs)
            writer.seqs(through.map { [$0] } ?? [])
        }

        /// Adds `subject`'s entry; it must sort after every subject added before.
        mutating func add(_ subject: String, _ entry: Entry) {
            if let last, subject <= last { inOrder = false }
            last = subject
            count += 1
            writer.string(subject)
            writer.seqs(entry.seqs)
            let verdicts = entry.verdicts
            writer.count(verdicts.verdicts.count)
            for verdict in verdicts.verdicts {
                writer.count(verdict.control)
                writer.result(verdict.result, of: subject)
            }
            writer.count(verdicts.evidenced.count)
            for control in verdicts.evidenced { writer.count(control) }
            writer.count(verdicts.gaps.count)
            for gap in verdicts.gaps {
                writer.same(gap.subject, as: subject)
                writer.repeated(gap.gap.rawValue)
                writer.optionalString(gap.control)
                writer.string(gap.reason)
                writer.count(gap.isFlagged ? 1 : 0)
            }
            if writer.bytes.count >= chunk { hand(writer.drain(keeping: chunk + chunk / 4)) }
        }

        /// The rest of the memory's bytes, with the count: the pieces not given to the sink; nil when
        /// the subjects were not added in order (then what the sink was given is no memory either).
        mutating func finish() -> [[UInt8]]? {
            guard inOrder else { return nil }
            var rest = writer.drain(keeping: 0)
            for shift in stride(from: 0, to: 64, by: 8) { rest.append(UInt8(truncatingIfNeeded: UInt64(count) >> shift)) }
            hand(rest)
            defer { pieces = [] }
            return pieces
        }

        private mutating func hand(_ piece: [UInt8]) {
            if let sink { sink(piece) } else { pieces.append(piece) }
        }
    }
}

extension RecheckMemory {
    /// What a check leaves for the next: the bytes of a memory encoded as its subjects were judged,
    /// the news that they were written to the file the check was given, or a re-check's memory to
    /// encode when it is written (the last one's merged with what was judged again).
    enum Kept {
        case encoded([[UInt8]])
        case written
        case merged(RecheckMerge)
    }
}
