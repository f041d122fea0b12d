import EvidenceModel
import Foundation
import MerkleLog

extension EvidenceIndex {
    /// Records this process has just appended, in root log order from the entry they begin at;
    /// their bytes are read from where the append left them (the collect's spool) when taken,
    /// never from git. An entry's own records are the next ones in that order: no table of subjects
    /// (a table of names held every subject of the run, through its sync).
    struct KnownRecords {
        let appended: [WrittenRecord]
        /// The root log entry the first of `appended` belongs to.
        let fromRootEntry: Int

        init(_ appended: AppendedRecords) {
            self.appended = appended.records
            fromRootEntry = appended.fromRootEntry
        }

        /// Where a walk of the root log stands in `appended`: the position of the next entry's
        /// first record, or nil once they cannot be matched to entries by order (the walk began
        /// after their first entry: another process indexed some of them).
        struct Cursor {
            private(set) var next: Int?

            /// A walk beginning at root entry `rootSize`.
            init(_ known: KnownRecords, at rootSize: Int) { next = rootSize <= known.fromRootEntry ? 0 : nil }

            /// The positions of the records of root entry `index`, which adds `count` records to its
            /// subject's log (nil when they are not this process's), the cursor moved past them.
            mutating func take(entry index: Int, count: Int, of known: KnownRecords) -> Range<Int>? {
                guard index >= known.fromRootEntry, let first = next else { return nil }
                guard first + count <= known.appended.count else {
                    next = nil
                    return nil
                }
                next = first + count
                return first..<(first + count)
            }
        }

        /// A record read back with its Merkle leaf hash.
        typealias Prepared = (record: IndexedRecord, leaf: Data)

        /// This process's records at `positions`, taken from `prepared` or read now; nil when one
        /// cannot be read back.
        func records(at positions: Range<Int>, prepared: [Int: Prepared]) -> [Prepared]? {
            var records: [Prepared] = []
            for position in positions {
                guard let record = prepared[position] ?? Self.prepare(appended[position]) else { return nil }
                records.append(record)
            }
            return records
        }

        /// How `extend(from:_:known:progress:)` will take the entries of `window`, the first of which is
        /// root entry `rootSize` (as far as `limit` lets one window go): this process's records it
        /// appended (their positions), and the ranges of subjects' logs it did not append, to read
        /// from git.
        func plan(
            for window: ArraySlice<Data>, at rootSize: Int, logs: [String: (size: Int, tree: CompactRange)], cursor: Cursor,
            limit: SyncTransactionSize
        ) -> (own: [Int], logged: [LoggedRange]) {
            var sizes = logs.mapValues(\.size)
            var cursor = cursor
            var own: [Int] = []
            var logged: [LoggedRange] = []
            var planned = 0
            var ownBytes = 0
            for (offset, entry) in window.enumerated() where !limit.isFull(records: planned, ownBytes: ownBytes) {
                guard let head = SubjectHead(leafBytes: entry), head.size > sizes[head.subject, default: 0] else { break }
                let from = sizes[head.subject, default: 0]
                sizes[head.subject] = head.size
                planned += head.size - from
                guard let taking = cursor.take(entry: rootSize + offset, count: head.size - from, of: self) else {
                    logged.append(LoggedRange(subject: head.subject, from: from, to: head.size))
                    continue
                }
                own += taking
                ownBytes += taking.reduce(0) { $0 + appended[$1].bytes.count }
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
