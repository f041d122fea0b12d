import ControlEngine
import EvidenceModel
import Foundation

extension RecheckMemory {
    /// Encodes a memory a subject at a time, in the order the stored memory lists them (sorted), so
    /// that a check judging its subjects in that order keeps their verdicts as bytes, never as a
    /// table of every subject's verdicts: held whole, the memory of 400k KMS keys was 200 MB of a
    /// 734 MiB check.
    struct Encoder {
        private var writer: ByteWriter
        private var chunks: [[UInt8]] = []
        private let chunk: Int
        /// How many subjects were added.
        private(set) var count = 0
        private var last: String?
        /// False once a subject came at or before the one added last: the bytes would not be a memory.
        private(set) var inOrder = true

        /// Pieces of about `chunk` bytes.
        init(chunk: Int = 1 << 20) {
            self.chunk = chunk
            writer = ByteWriter(capacity: chunk + chunk / 4)
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
                writer.count(verdict.loggedAt.count)
                for at in verdict.loggedAt {
                    writer.count(at == nil ? 0 : 1)
                    if let at { writer.date(at) }
                }
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
            if writer.bytes.count >= chunk { chunks.append(writer.drain(keeping: chunk + chunk / 4)) }
        }

        /// The memory's bytes in pieces: what every memory shares first, then the subjects added; nil
        /// when they were not added in order.
        ///
        /// The shared part uses no repeated strings, so it is written apart from the subjects and the
        /// pieces read back as one memory.
        mutating func finish(shared: [Int64], sharedIDs: [String], through: Int64?) -> [[UInt8]]? {
            guard inOrder else { return nil }
            var head = ByteWriter(capacity: 64 + 10 * shared.count)
            head.string(RecheckMemory.format)
            head.seqs(shared)
            head.strings(sharedIDs)
            head.seqs(through.map { [$0] } ?? [])
            head.count(count)
            chunks.append(writer.drain(keeping: 0))
            defer { chunks = [] }
            return [head.bytes] + chunks
        }
    }
}

extension RecheckMemory {
    /// What a check leaves for the next: a memory whole (a re-check keeps the last one's verdicts in
    /// it), or the bytes of one encoded as a full check judged its subjects.
    enum Kept {
        case memory(RecheckMemory)
        case encoded([[UInt8]])

        /// Its bytes, in pieces.
        var pieces: [[UInt8]] {
            switch self {
            case .memory(let memory): memory.encodedInChunks()
            case .encoded(let pieces): pieces
            }
        }

        /// The memory itself, read back from its bytes if need be.
        func decoded() throws(Unreadable) -> RecheckMemory {
            switch self {
            case .memory(let memory): memory
            case .encoded(let pieces): try RecheckMemory(decoding: Array(pieces.joined()))
            }
        }
    }
}
