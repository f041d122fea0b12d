import EvidenceModel
import Foundation
internal import GRDB

/// A record an ``EvaluationSelection`` reads: its place in the index, kind and subject.
public struct SelectedRecord: Sendable, Hashable {
    public let seq: Int64
    public let kind: String
    public let subject: String
}

extension EvidenceIndex {
    /// The selected records, oldest observation first (then in the order they were stored), each once:
    /// the order ``records(matching:)`` returns them in, so an evaluation sees them as it would there.
    public func records(selectedBy selection: EvaluationSelection) throws(StoreError) -> [EvidenceRecord] {
        try records(Array(try selected(by: selection).map(\.seq)))
    }

    /// What the selection reads, record by record, without reading the records: so that they can be
    /// read a slice of subjects at a time (``records(_:)``).
    public func selected(by selection: EvaluationSelection) throws(StoreError) -> [SelectedRecord] {
        try read { db in try Self.selected(by: selection, of: nil, in: db) }
    }

    /// What changed since the index's row `row`, read at once: the subjects and kinds of the records
    /// stored after it, what `selection` reads of those subjects (every kind but ``EvaluationSelection/collections``,
    /// which follow other subjects' records), and the newest row. Nil when the index holds fewer rows
    /// than `row` (it is not the index that had them).
    public func selectedChanges(
        by selection: EvaluationSelection, after row: Int64
    ) throws(StoreError) -> SelectedChanges? {
        try read { db -> SelectedChanges? in
            let newest = try Self.newestRow(in: db)
            guard newest >= row else { return nil }
            var subjects: Set<String> = []
            var kinds: Set<String> = []
            let rows = try Row.fetchCursor(db, sql: "SELECT subject, kind FROM record WHERE seq > ?", arguments: [row])
            while let stored = try rows.next() {
                subjects.insert(stored[0])
                kinds.insert(stored[1])
            }
            let records = subjects.isEmpty ? [] : try Self.selected(by: selection, of: subjects.sorted(), in: db)
            return SelectedChanges(subjects: subjects, kinds: kinds, records: records, newestRow: newest)
        }
    }

    static func newestRow(in db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM record") ?? 0
    }

    /// The selection's records, of the subjects `only` when given (then without the collections).
    static func selected(by selection: EvaluationSelection, of only: [String]?, in db: Database) throws -> [SelectedRecord] {
        try selected(try queries(for: selection, of: only, ordered: false, in: db), keeping: { _ in true }, in: db)
    }

    /// The records `queries` find, of the kinds `keeping` keeps, each once, by seq.
    static func selected(_ queries: [SelectionQuery], keeping: (String) -> Bool, in db: Database) throws -> [SelectedRecord] {
        // Each query names its records' kinds and subjects as it finds them: asking for them by
        // seq afterwards was two more index seeks a record (a sixth of a check of 1M records).
        var selected: [Int64: SelectedRecord] = [:]
        for query in queries where query.kind.map(keeping) ?? true {
            let rows = try Row.fetchCursor(db, sql: query.sql, arguments: query.arguments)
            while let row = try rows.next() {
                let seq: Int64 = row[0]
                guard selected[seq] == nil else { continue }
                let kind: String = row[1]
                if query.kind == nil, !keeping(kind) { continue }
                selected[seq] = SelectedRecord(seq: seq, kind: kind, subject: row[2])
            }
        }
        return selected.values.sorted { $0.seq < $1.seq }
    }

    /// One of a selection's queries, its rows `seq, kind, subject`.
    struct SelectionQuery {
        let sql: String
        let arguments: StatementArguments
        /// The one kind of its rows, when it reads one kind (its rows of other kinds are not left out).
        let kind: String?
    }

    /// The queries reading `selection`'s records, of the subjects `only` when given (then without the
    /// collections), their rows by subject (`ordered`) or as they come.
    static func queries(for selection: EvaluationSelection, of only: [String]?, ordered: Bool, in db: Database) throws -> [SelectionQuery] {
        let at = selection.instant.timeIntervalSince1970
        let known = Self.knownBound(selection.knownAt)
        let subjects = only.map { jsonArray($0) }
        // Rows by subject: SQLite walks `record_by_kind_subject` for a kind's rows in that order. Each
        // subject's newest records come so without it (found a subject after the other, and the
        // sort would hold them all): a stream checks the order as it reads.
        let bySubject = ordered ? " ORDER BY 3" : ""
        var queries: [SelectionQuery] = []
        func add(_ sql: String, _ arguments: [String: (any DatabaseValueConvertible)?], kind: String?, comesBySubject: Bool = false) {
            var arguments = arguments
            arguments["known"] = known
            if let subjects, sql.contains(":subjects") { arguments["subjects"] = subjects }
            queries.append(SelectionQuery(sql: comesBySubject ? sql : sql + bySubject, arguments: StatementArguments(arguments), kind: kind))
        }
        for kind in selection.newestKinds.sorted() {
            add(Self.newestSQL(observedOnly: false, only: only != nil), ["kind": kind, "at": at], kind: kind, comesBySubject: true)
        }
        for kind in selection.newestObservedKinds.sorted() {
            add(Self.newestSQL(observedOnly: true, only: only != nil), ["kind": kind, "at": at], kind: kind, comesBySubject: true)
        }
        for (kind, since) in selection.eventsSince.sorted(by: { $0.key < $1.key }) {
            add(Self.eventsSQL(only: only != nil), ["kind": kind, "since": since.timeIntervalSince1970, "at": at], kind: kind)
        }
        for kind in selection.historyKinds.sorted() {
            add(Self.historySQL(only: only != nil), ["kind": kind, "at": at], kind: kind)
        }
        if only == nil {
            for (kind, members) in selection.collections.sorted(by: { $0.key < $1.key }) {
                let newest = try Int64.fetchAll(
                    db, sql: Self.newestSQL(observedOnly: false, selecting: "record.seq"),
                    arguments: ["kind": kind, "at": at, "known": known])
                add(Self.collectedWithSQL, ["records": Self.jsonArray(newest), "kinds": Self.jsonArray(members.sorted())], kind: nil)
            }
        }
        let history = only.map { Set($0).intersection(selection.historySubjects) } ?? selection.historySubjects
        if !history.isEmpty {
            add(
                "SELECT seq, kind, subject FROM record WHERE subject IN (SELECT value FROM json_each(:history)) AND observed_at <= :at AND logged_at <= :known",
                ["history": Self.jsonArray(history.sorted()), "at": at], kind: nil)
        }
        return queries
    }

    /// The records `seqs` names, oldest observation first (then in the order they were stored).
    public func records(_ seqs: [Int64]) throws(StoreError) -> [EvidenceRecord] {
        try decode(try recordReader.rows(seqs).map(\.row))
    }

    /// The subjects with a record observed at or before `instant` (of `kind` when given), sorted.
    ///
    /// Walks the distinct subjects with one index seek each, so the cost follows the number of
    /// subjects, not of records.
    public func subjects(kind: String? = nil, observedAtOrBefore instant: Date, knownAt: Date? = nil) throws(StoreError) -> [String] {
        let ofKind = kind == nil ? "" : "kind = :kind AND"
        let sql = """
            WITH RECURSIVE s(subject) AS (
                SELECT MIN(subject) FROM record WHERE \(ofKind) 1
                UNION ALL
                SELECT (SELECT MIN(subject) FROM record WHERE \(ofKind) subject > s.subject) FROM s WHERE s.subject IS NOT NULL)
            SELECT subject FROM s WHERE subject IS NOT NULL
                AND EXISTS (SELECT 1 FROM record WHERE \(ofKind) record.subject = s.subject AND observed_at <= :at
                            AND logged_at <= :known)
            """
        var arguments: [String: (any DatabaseValueConvertible)?] = [
            "at": instant.timeIntervalSince1970, "known": Self.knownBound(knownAt),
        ]
        if let kind { arguments["kind"] = kind }
        return try read { db in try String.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)) }
    }

    /// How many records were observed at or before `instant`.
    public func recordCount(observedAtOrBefore instant: Date, knownAt: Date? = nil) throws(StoreError) -> Int {
        try read { db in
            try Int.fetchOne(
                db, sql: Self.recordCountSQL,
                arguments: [instant.timeIntervalSince1970, Self.knownBound(knownAt)]) ?? 0
        }
    }

    /// Counted over `record_by_kind`, which holds both times: SQLite chose `record_by_time` and
    /// looked up each row for its logged time (0.80 s at a million records, against 0.11 s).
    static let recordCountSQL = "SELECT COUNT(*) FROM record INDEXED BY record_by_kind WHERE observed_at <= ? AND logged_at <= ?"

    /// `logged_at <= :known` with no bound when nil.
    static func knownBound(_ knownAt: Date?) -> Double { knownAt?.timeIntervalSince1970 ?? Double.greatestFiniteMagnitude }

    /// A kind's records observed in `(:since, :at]`, of the subjects `:subjects` with `only`.
    static func eventsSQL(only: Bool) -> String {
        "SELECT seq, kind, subject FROM record WHERE kind = :kind AND observed_at > :since AND observed_at <= :at AND logged_at <= :known"
            + (only ? " AND subject IN (SELECT value FROM json_each(:subjects))" : "")
    }

    /// A kind's records observed by `:at`, of the subjects `:subjects` with `only`.
    static func historySQL(only: Bool) -> String {
        "SELECT seq, kind, subject FROM record WHERE kind = :kind AND observed_at <= :at AND logged_at <= :known"
            + (only ? " AND subject IN (SELECT value FROM json_each(:subjects))" : "")
    }

    /// Each subject's records at its latest `observed_at` of one kind (among observed ones when
    /// `observedOnly`): a skip over the kind's subjects, then one seek per subject. Each row holds
    /// the record's `columns`.
    /// With `only`, the subjects are those of `:subjects` (a JSON array) instead of every subject of the
    /// kind; joined first (`CROSS JOIN` fixes SQLite's order), or SQLite scans the kind's records and
    /// the array for each (11 s for 2,000 subjects of 50,000).
    static func newestSQL(
        observedOnly: Bool, only: Bool = false, selecting columns: String = "record.seq, record.kind, record.subject"
    ) -> String {
        let origin = observedOnly ? "AND origin = '\(EvidenceOrigin.observed.rawValue)'" : ""
        let subjects =
            only
            ? "s(subject) AS (SELECT value FROM json_each(:subjects)),"
            : """
            s(subject) AS (
                SELECT MIN(subject) FROM record WHERE kind = :kind
                UNION ALL
                SELECT (SELECT MIN(subject) FROM record WHERE kind = :kind AND subject > s.subject)
                FROM s WHERE s.subject IS NOT NULL),
            """
        return """
            WITH RECURSIVE \(subjects)
            newest(subject, at) AS (
                SELECT subject, (SELECT MAX(observed_at) FROM record
                                 WHERE kind = :kind AND subject = s.subject AND observed_at <= :at
                                    AND logged_at <= :known \(origin))
                FROM s WHERE subject IS NOT NULL)
            SELECT \(columns) FROM newest
            \(only ? "CROSS JOIN" : "JOIN") record ON record.kind = :kind AND record.subject = newest.subject AND record.observed_at = newest.at
                AND record.logged_at <= :known
            """
    }

    /// The records of `:kinds` from the same collections as the records `:records` (seqs): same
    /// collector, source and `observed_at`, found through the observation time's index.
    private static let collectedWithSQL = """
        SELECT member.seq, member.kind, member.subject FROM record AS collection
        JOIN record AS member ON member.observed_at = collection.observed_at
            AND member.collector = collection.collector AND member.source_name = collection.source_name
            AND member.source_sha256 = collection.source_sha256
        WHERE collection.seq IN (SELECT value FROM json_each(:records))
            AND member.kind IN (SELECT value FROM json_each(:kinds)) AND member.logged_at <= :known
        """

    /// Seqs written out directly: JSONEncoder took ~1 µs a number, and a check of a million records
    /// passes each seq once.
    static func jsonArray(_ values: [Int64]) -> String {
        "[" + values.map(String.init).joined(separator: ",") + "]"
    }

    static func jsonArray<T: Encodable>(_ values: [T]) -> String {
        // Strings and integers always encode.
        String(decoding: (try? JSONEncoder().encode(values)) ?? Data("[]".utf8), as: UTF8.self)
    }
}

/// What changed in the index after a row (``EvidenceIndex/selectedChanges(by:after:)``).
public struct SelectedChanges: Sendable {
    /// The subjects and kinds of the records stored after the row.
    public let subjects: Set<String>
    public let kinds: Set<String>
    /// What the selection reads of those subjects.
    public let records: [SelectedRecord]
    /// The index's newest row when this was read.
    public let newestRow: Int64
}
