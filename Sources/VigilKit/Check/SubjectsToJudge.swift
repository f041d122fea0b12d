import EvidenceStore

/// The subjects a sliced evaluation judges, each with the rows of its selected records, one at a
/// time in ascending order: slices are cut from them as the waves are judged.
protocol SubjectsToJudge {
    /// The next subject and its rows (none when only the inventory or the shared records name it);
    /// nil at the end.
    mutating func next() throws(StoreError) -> (subject: String, seqs: [Int64])?
    /// Whether the subjects stopped coming in order: then they ended early, and what was cut from
    /// them is not the selection.
    var outOfOrder: Bool { get }
}

extension SelectedSubjects: SubjectsToJudge {}

/// A sorted list of subjects, each with its rows in a table.
struct ListedSubjects: SubjectsToJudge {
    let subjects: [String]
    var walk: SubjectRows.Walk
    private var position = 0

    init(_ subjects: [String], rows: SubjectRows) {
        self.subjects = subjects
        walk = SubjectRows.Walk(rows)
    }

    mutating func next() -> (subject: String, seqs: [Int64])? {
        guard position < subjects.count else { return nil }
        defer { position += 1 }
        return (subjects[position], Array(walk.rows(of: subjects[position])))
    }

    var outOfOrder: Bool { false }
}

/// The subjects of `rows`, and those of `extra` (with no rows of their own), merged in order.
struct MergedSubjects<Rows: SubjectsToJudge>: SubjectsToJudge {
    private var rows: Rows
    /// Sorted, each once.
    private let extra: [String]
    private var nextExtra = 0
    /// The subject `rows` gave that comes after the next extra one.
    private var waiting: (subject: String, seqs: [Int64])?

    init(_ rows: Rows, extra: [String]) {
        self.rows = rows
        self.extra = extra
    }

    mutating func next() throws(StoreError) -> (subject: String, seqs: [Int64])? {
        if waiting == nil { waiting = try rows.next() }
        guard nextExtra < extra.count else {
            defer { waiting = nil }
            return waiting
        }
        let other = extra[nextExtra]
        guard let selected = waiting, !(other < selected.subject) else {
            nextExtra += 1
            return (other, [])
        }
        if selected.subject == other { nextExtra += 1 }
        waiting = nil
        return selected
    }

    var outOfOrder: Bool { rows.outOfOrder }
}

extension SubjectRows {
    /// Every subject of `subjects` with its rows, read to the end.
    init(draining subjects: inout some SubjectsToJudge) throws(StoreError) {
        var names: [String] = []
        var ends: [Int] = []
        var rows: [Int64] = []
        while let (subject, seqs) = try subjects.next() {
            guard !seqs.isEmpty else { continue }
            names.append(subject)
            rows += seqs
            ends.append(rows.count)
        }
        self.init(subjects: names, ends: ends, rows: rows)
    }

    /// Its subjects in order, each with its rows.
    struct Subjects: SubjectsToJudge {
        var walk: SubjectRows.Walk

        mutating func next() -> (subject: String, seqs: [Int64])? { walk.next().map { ($0.subject, Array($0.rows)) } }

        var outOfOrder: Bool { false }
    }
}
