import EvidenceStore

/// The rows an evaluation selected, subject by subject: the subjects sorted, each one's rows in the
/// order selected, all in three flat lists.
///
/// A table from each subject to its rows was ~84 bytes a subject (a hash table of 2^20 buckets for
/// 400k keys, beside their sorted list): 40 MB of a check of 400k keys, held through its slices.
/// Slices are cut from subjects in sorted order, so their rows are found by walking (``Walk``).
struct SubjectRows: Sendable {
    /// Every subject with a selected row, sorted.
    let subjects: [String]
    /// Where each subject's rows end in `rows`.
    private let ends: [Int]
    private let rows: [Int64]

    /// - Parameter records: in the order selected (by seq).
    init(_ records: [SelectedRecord]) {
        // Sorted by subject, a subject's records kept in their order.
        let order = records.indices.sorted { records[$0].subject < records[$1].subject || records[$0].subject == records[$1].subject && $0 < $1 }
        var subjects: [String] = []
        var ends: [Int] = []
        var rows: [Int64] = []
        rows.reserveCapacity(records.count)
        for index in order {
            let record = records[index]
            if subjects.last != record.subject {
                if !rows.isEmpty { ends.append(rows.count) }
                subjects.append(record.subject)
            }
            rows.append(record.seq)
        }
        if !rows.isEmpty { ends.append(rows.count) }
        self.init(subjects: subjects, ends: ends, rows: rows)
    }

    init(subjects: [String], ends: [Int], rows: [Int64]) {
        self.subjects = subjects
        self.ends = ends
        self.rows = rows
    }

    /// The rows of the `position`th subject.
    private func rows(at position: Int) -> ArraySlice<Int64> { rows[(position == 0 ? 0 : ends[position - 1])..<ends[position]] }

    /// The rows of `subject` (none when it has none), found by binary search.
    func rows(of subject: String) -> ArraySlice<Int64> {
        var (low, high) = (0, subjects.count)
        while low < high {
            let middle = (low + high) / 2
            if subjects[middle] < subject { low = middle + 1 } else { high = middle }
        }
        return low < subjects.count && subjects[low] == subject ? rows(at: low) : []
    }

    /// A walk through the subjects in sorted order: each asked for at most once, in increasing order.
    struct Walk {
        let table: SubjectRows
        private var position = 0

        init(_ table: SubjectRows) { self.table = table }

        /// The rows of `subject`, which follows every subject asked for before.
        mutating func rows(of subject: String) -> ArraySlice<Int64> {
            while position < table.subjects.count, table.subjects[position] < subject { position += 1 }
            guard position < table.subjects.count, table.subjects[position] == subject else { return [] }
            defer { position += 1 }
            return table.rows(at: position)
        }

        /// The next subject and its rows, whichever it is.
        mutating func next() -> (subject: String, rows: ArraySlice<Int64>)? {
            guard position < table.subjects.count else { return nil }
            defer { position += 1 }
            return (table.subjects[position], table.rows(at: position))
        }
    }
}
