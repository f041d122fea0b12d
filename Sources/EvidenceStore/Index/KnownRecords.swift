import EvidenceModel
import Foundation
import MerkleLog

extension EvidenceIndex {
    /// Records this process has just appended, by subject in append order; their bytes are read
    /// from where the append left them (the collect's spool) when taken, never from git.
    struct KnownRecords {
        let appended: [WrittenRecord]
        /// Each subject's number in `positions`, in the order first appended.
        private let numbers: [String: Int]
        /// Each subject's positions in `appended`, in append order.
        private let positions: [OneOrMore<Int>]

        init(_ appended: [WrittenRecord]) {
            self.appended = appended
            var numbers: [String: Int] = [:]
            var positions: [OneOrMore<Int>] = []
            for (position, record) in appended.enumerated() {
                if let number = numbers[record.subject] {
                    positions[number].append(position)
                } else {
                    numbers[record.subject] = positions.count
                    positions.append(OneOrMore(position))
                }
            }
            (self.numbers, self.positions) = (numbers, positions)
        }

        /// How many of each subject's records the root entries walked so far took, by the subject's
        /// number: a chain of commits logs a subject once per commit, each head covering that
        /// commit's records only. Counts, not a table by name: the names parsed from 400k subject
        /// heads, kept as its keys, were ~70 MB through a collect's sync.
        struct Taken {
            private var counts: [Int32]

            init(_ known: KnownRecords) { counts = Array(repeating: 0, count: known.positions.count) }

            subscript(number: Int) -> Int {
                get { Int(counts[number]) }
                set { counts[number] = Int32(newValue) }
            }
        }

        /// The number of a subject this process appended records of.
        func number(of subject: String) -> Int? { numbers[subject] }

        /// A record read back with its Merkle leaf hash.
        typealias Prepared = (record: IndexedRecord, leaf: Data)

        /// `count` of this process's records of subject `number` from its `first`, in append order,
        /// taken from `prepared` or read now; nil when it appended fewer, or one cannot be read back.
        func records(of number: Int, from first: Int, count: Int, prepared: [Int: Prepared]) -> [Prepared]? {
            guard first + count <= positions[number].count else { return nil }
            var records: [Prepared] = []
            for position in positions[number].elements(from: first, count: count) {
                guard let record = prepared[position] ?? Self.prepare(appended[position]) else { return nil }
                records.append(record)
            }
            return records
        }

        /// How `extend(from:_:known:progress:)` will take the entries of `window` (as far as
        /// `limit` lets one window go): this process's records it appended (their positions), and
        /// the ranges of subjects' logs it did not append, to read from git.
        func plan(
            for window: ArraySlice<Data>, logs: [String: (size: Int, tree: CompactRange)], consumed: Taken, limit: SyncTransactionSize
        ) -> (own: [Int], logged: [LoggedRange]) {
            var sizes = logs.mapValues(\.size)
            // What this window takes, over `consumed`: a copy of it to change was every subject the
            // sync had met, copied once a window (a tenth of indexing a 400k-key collect).
            var taken: [Int: Int] = [:]
            var own: [Int] = []
            var logged: [LoggedRange] = []
            var planned = 0
            var ownBytes = 0
            for entry in window where !limit.isFull(records: planned, ownBytes: ownBytes) {
                guard let head = SubjectHead(leafBytes: entry), head.size > sizes[head.subject, default: 0] else { break }
                let from = sizes[head.subject, default: 0]
                sizes[head.subject] = head.size
                planned += head.size - from
                guard let number = numbers[head.subject],
                    case let first = taken[number] ?? consumed[number], first + head.size - from <= positions[number].count
                else {
                    logged.append(LoggedRange(subject: head.subject, from: from, to: head.size))
                    continue
                }
                let taking = positions[number].elements(from: first, count: head.size - from)
                own += taking
                ownBytes += taking.reduce(0) { $0 + appended[$1].bytes.count }
                taken[number] = first + head.size - from
            }
            return (own, logged)
        }

        /// The records at these positions (of the entries a window will take, as `plan` finds them),
        /// read back, parsed and hashed on every core: one by one, they were a tenth of a collect. Only
        /// a head start: each is still checked against its subject head.
        func prepare(_ positions: [Int]) -> [Int: Prepared] {
            guard !positions.isEmpty else { return [:] }
            let appended = appended
            let made = ParallelShares.map(positions, minimum: 512) { share in
                share.compactMap { position in Self.prepare(appended[position]).map { (position, $0) } }
            }
            return Dictionary(made, uniquingKeysWith: { first, _ in first })
        }

        private static func prepare(_ written: WrittenRecord) -> Prepared? {
            guard let record = try? written.indexed(), let bytes = try? record.canonicalBytes() else { return nil }
            return (record, MerkleHash.leaf(bytes))
        }
    }
}
