import EvidenceModel
import Foundation
internal import GRDB
import MerkleLog

extension EvidenceIndex {
    /// Compares the whole index with the store's signed log before a verdict rests on it, so that
    /// editing `index.sqlite` changes no verdict unreported:
    ///
    /// - the index has read up to HEAD, whose checkpoint is signed by a trusted key, and the root log
    ///   entries at HEAD hash to the signed root;
    /// - every subject's rows, in log order, hash to the subject root its newest head signs (so no
    ///   row is added, removed, reordered or altered), and each row's id is the SHA-256 of its bytes;
    /// - every row's kind, subject and observation time columns say what its bytes say, and its
    ///   logged time is the one of the subject head that first covered its position;
    /// - its SQLite objects are the ones Vigil makes, and its b-trees agree (``schemaProblem()``):
    ///   an object that acts later would otherwise be sealed with the rows.
    ///
    /// One pass over the rows: each unpacked (``RecordPacking``), SHA-256 of its bytes (~1.7 GB/s
    /// here) and SQLite's JSON functions for the columns; no record is decoded.
    /// - Throws: ``StoreError/tampered(_:)`` naming the first disagreement (exit 3).
    public func audit(against store: EvidenceStore, trusting keys: [NoteVerifierKey]) throws(StoreError) {
        if let problem = try schemaProblem() { throw disagree(problem) }
        guard let snapshot = try auditHead(against: store, trusting: keys) else { return }
        let timeline = try SubjectTimeline(snapshot: snapshot)
        var checked: Set<String> = []
        var current: (subject: String, tree: CompactRange, count: Int)?
        func close() throws(StoreError) {
            guard let done = current else { return }
            guard let head = timeline.heads[done.subject]?.last, head.size == done.count, head.root == done.tree.root else {
                throw disagree("its records about \(done.subject) do not hash to the subject root the log signed")
            }
            checked.insert(done.subject)
        }
        try read { db in
            let cursor = try Row.fetchCursor(db, sql: Self.auditSQL)
            while let row = try cursor.next() {
                let subject: String = row["subject"]
                let id: String = row["id"]
                guard let json = row["json"] as Data? else { throw disagree("record \(id) does not unpack to any bytes") }
                let leafIndex: Int = row["leaf_index"]
                let loggedAt: Double = row["logged_at"]
                if current?.subject != subject {
                    try close()
                    current = (subject, CompactRange(), 0)
                }
                guard leafIndex == current?.count else { throw disagree("record \(id) is out of its subject's log order") }
                guard SHA256Hex.of(json) == id else { throw disagree("record \(id) does not hash to its id") }
                guard (row["consistent"] as Bool?) == true else { throw disagree("record \(id) is filed under other fields than its bytes say") }
                guard let logged = timeline.loggedAt(subject: subject, leafIndex: leafIndex),
                    abs(logged.timeIntervalSince1970 - loggedAt) < 0.0005
                else { throw disagree("record \(id) carries another logged time than the root log's") }
                try proof { () throws(ProofError) in try current?.tree.append(leafHash: MerkleHash.leaf(json)) }
                current?.count += 1
            }
            try close()
        }
        if let missing = timeline.heads.keys.first(where: { !checked.contains($0) }) {
            throw disagree("it holds no records about \(missing), which the log does")
        }
    }

    /// The part of ``audit(against:trusting:)`` that does not read the rows: HEAD's checkpoint is
    /// signed by a trusted key and the index was read up to exactly that checkpoint. Enough on its own
    /// only for an index whose rows were audited before and whose bytes are unchanged since.
    /// - Returns: HEAD's snapshot; nil for an empty store.
    @discardableResult
    public func auditHead(against store: EvidenceStore, trusting keys: [NoteVerifierKey]) throws(StoreError) -> StoreSnapshot? {
        guard let snapshot = try store.snapshot() else { return nil }
        try snapshot.verifySignature(trusting: keys)
        let state = try logState()
        guard state.head == snapshot.commit.id.hex, state.rootSize == snapshot.checkpoint.size,
            state.rootRange.root == snapshot.checkpoint.rootHash
        else { throw disagree("it was read up to another checkpoint") }
        return snapshot
    }

    private func disagree(_ reason: String) -> StoreError {
        .tampered("\(path.path) disagrees with the signed log: \(reason) (run 'vigil index rebuild')")
    }

    /// Rows in log order per subject, each with whether its columns match its bytes. Observation
    /// times are compared to the millisecond, as canonical JSON writes them. The rows come from a
    /// subquery SQLite runs as a co-routine (its LIMIT keeps it from being flattened), so each row is
    /// unpacked once, not once per use of its bytes; rows out of order would fail the audit, not pass it.
    /// Bytes that are not JSON are inconsistent, not an SQL error (an edit made the audit exit 4, not 3).
    private static let auditSQL = """
        SELECT subject, leaf_index, id, json, logged_at,
            CASE WHEN json_valid(text) THEN
                (kind = json_extract(text, '$.kind') AND subject = json_extract(text, '$.subject')
                 AND abs((julianday(json_extract(text, '$.observed_at')) - 2440587.5) * 86400.0 - observed_at) < 0.002)
            ELSE 0 END AS consistent
        FROM (
            SELECT subject, leaf_index, id, json, CAST(json AS TEXT) AS text, logged_at, kind, observed_at FROM (
                SELECT subject, leaf_index, id, \(RecordPacking.bytesSQL) AS json, logged_at, kind, observed_at FROM record
                ORDER BY subject, leaf_index LIMIT -1))
        """
}

/// Each subject's heads in the root log at HEAD, checked to hash to the signed root.
struct SubjectTimeline {
    var heads: [String: [SubjectHead]] = [:]

    init(snapshot: StoreSnapshot) throws(StoreError) {
        var range = CompactRange()
        try snapshot.forEachRootEntry { index, entry throws(StoreError) in
            guard let head = SubjectHead(leafBytes: entry) else { throw .tampered("root log entry \(index) is not a subject head") }
            heads[head.subject, default: []].append(head)
            try proof { () throws(ProofError) in try range.append(leafHash: MerkleHash.leaf(entry)) }
        }
        guard range.root == snapshot.checkpoint.rootHash else {
            throw .tampered("the root log at HEAD does not hash to its signed checkpoint (run 'vigil log verify')")
        }
    }

    /// The logged time of the head that first covered `leafIndex`, or nil when no head covers it. A `v1`
    /// head carries none and never matches (format-1 stores are refused before an index is audited).
    func loggedAt(subject: String, leafIndex: Int) -> Date? {
        // A subject's heads grow in size along the root log: the first past `leafIndex`, by bisection.
        guard let subjectHeads = heads[subject] else { return nil }
        var low = 0, high = subjectHeads.count
        while low < high {
            let middle = (low + high) / 2
            if subjectHeads[middle].size > leafIndex { high = middle } else { low = middle + 1 }
        }
        guard low < subjectHeads.count else { return nil }
        return subjectHeads[low].loggedAt ?? .distantPast
    }
}
