import EvidenceModel
import Foundation
internal import GRDB

/// An ``EvaluationSelection`` read in one read transaction: the records of the kinds every subject
/// shares at once, then the others a subject at a time, in ascending order of subject, as SQLite
/// finds them. Memory holds one subject's rows, not the selection's: a check of 400k keys held
/// every selected row's subject and kind (~67 MB) before judging any.
public struct SelectionStream {
    /// The selected records of the shared kinds, by seq, and those records read.
    public let shared: [SelectedRecord]
    public let sharedRecords: [EvidenceRecord]
    /// The index's newest row when the selection was read: every record stored later has a higher seq.
    public let newestRow: Int64
    /// The other records, subject by subject.
    public var subjects: SelectedSubjects
}

/// The selected records of the kinds not shared, a subject at a time in ascending order (of the
/// subjects' bytes, which is `String`'s order for the composed subjects the store holds, see
/// ``Subject/compositionProblem(with:)``).
///
/// Each query's rows come by subject; the subjects are merged across queries as they come. A query
/// whose rows come out of order (SQLite is free to find them otherwise) ends the stream early with
/// ``outOfOrder`` set, and its reader must fall back to reading the selection whole.
public struct SelectedSubjects {
    private var sources: [Source]
    private let keeping: (String) -> Bool
    /// The index's file, to name in a message.
    private let path: String
    /// The last subject given, to check the order against.
    private var last: String?
    /// Whether a query's rows came out of subject order: then the stream ended where they did.
    public private(set) var outOfOrder = false

    /// One query's cursor and the row it stands at.
    private struct Source {
        let cursor: RowCursor
        let query: EvidenceIndex.SelectionQuery
        var head: (seq: Int64, subject: String)?
    }

    fileprivate init(
        queries: [EvidenceIndex.SelectionQuery], keeping: @escaping (String) -> Bool, in db: Database, path: String
    ) throws {
        self.keeping = keeping
        self.path = path
        // A query of one kind not kept is not run; a query of several is, its rows of kinds not kept skipped.
        sources = try queries.filter { $0.kind.map(keeping) ?? true }.map { query in
            Source(cursor: try Row.fetchCursor(db, sql: query.sql, arguments: query.arguments), query: query)
        }
        for index in sources.indices { try advance(index) }
    }

    /// The next subject and the seqs of its selected records, ascending; nil at the end (or when the
    /// rows came out of order, see ``outOfOrder``).
    public mutating func next() throws(StoreError) -> (subject: String, seqs: [Int64])? {
        guard !outOfOrder else { return nil }
        var subject: String?
        for source in sources {
            guard let head = source.head else { continue }
            if let least = subject, !Self.precedes(head.subject, least) { continue }
            subject = head.subject
        }
        guard let subject else { return nil }
        if let last, !Self.precedes(last, subject) {
            outOfOrder = true
            return nil
        }
        last = subject
        var seqs: [Int64] = []
        do {
            for index in sources.indices {
                while let head = sources[index].head, head.subject.utf8.elementsEqual(subject.utf8) {
                    seqs.append(head.seq)
                    try advance(index)
                }
                if let head = sources[index].head, Self.precedes(head.subject, subject) {
                    outOfOrder = true
                    return nil
                }
            }
        } catch {
            throw .index(path: path, reason: "reading the selection: \(error)")
        }
        seqs.sort()
        // The same record found by two queries (a kind's newest and its history) is read once.
        var unique: [Int64] = []
        unique.reserveCapacity(seqs.count)
        for seq in seqs where unique.last != seq { unique.append(seq) }
        return (subject, unique)
    }

    /// Moves the source at `index` to its next row of a kind kept.
    private mutating func advance(_ index: Int) throws {
        let query = sources[index].query
        while let row = try sources[index].cursor.next() {
            if query.kind == nil, !keeping(row[1]) { continue }
            sources[index].head = (row[0], row[2])
            return
        }
        sources[index].head = nil
    }

    /// Whether `a` comes before `b` by their bytes, as SQLite orders them.
    private static func precedes(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }
}

extension EvidenceIndex {
    /// Reads `selection` in one read transaction (``SelectionStream``), its records of `sharedKinds`
    /// first and whole, and hands it to `body`, which must not read this index again on its own
    /// thread while it runs (other threads may).
    public func streamSelected<T>(
        by selection: EvaluationSelection, sharedKinds: Set<String>, _ body: (inout SelectionStream) throws(StoreError) -> T
    ) throws(StoreError) -> T {
        try read { db in
            // Made once for both: a collection's query first finds its kind's newest records.
            let queries = try Self.queries(for: selection, of: nil, ordered: true, in: db)
            let shared = try Self.selected(queries, keeping: sharedKinds.contains, in: db)
            let sharedRecords = try decode(try IndexRecordReader.rows(shared.map(\.seq), in: db).map(\.row))
            let notShared = { (kind: String) in !sharedKinds.contains(kind) }
            var stream = SelectionStream(
                shared: shared, sharedRecords: sharedRecords, newestRow: try Self.newestRow(in: db),
                subjects: try SelectedSubjects(queries: queries, keeping: notShared, in: db, path: path.path))
            return try body(&stream)
        }
    }
}
