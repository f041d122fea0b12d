import EvidenceModel
import Foundation
import GRDB
import Testing
import VigilTestSupport

@testable import EvidenceStore

/// The index's evaluation queries: newest per subject at an instant, events in a window, whole
/// histories, visible subjects; each against what a scan of every record says.
struct EvaluationSelectionTests {
    static func record(
        _ kind: String, _ subject: String, at time: String, origin: EvidenceOrigin = .observed,
        input: String = "a", value: String = "1"
    ) -> EvidenceRecord {
        EvidenceRecord(
            kind: kind, subject: subject, observedAt: instant(time), collector: "test", origin: origin,
            source: EvidenceSource(name: "\(input).json", sha256: SHA256Hex.of(Data(input.utf8))),
            data: ["value": .string(value)])
    }

    /// Each array is one commit.
    static func index(of commits: [[EvidenceRecord]], in dir: TemporaryFolder) throws -> EvidenceIndex {
        let store = try EvidenceStore.create(
            at: dir.url.appendingPathComponent("store"), at: instant("2026-11-01T00:00:00Z"),
            signing: testSigning)
        for (n, records) in commits.enumerated() {
            _ = try store.append(
                records: records, rawInputs: [], message: "run \(n)\n",
                at: instant("2026-11-01T00:00:00Z").addingTimeInterval(Double(n)), signing: testSigning)
        }
        let index = try EvidenceIndex(path: dir.url.appendingPathComponent("index.sqlite"))
        try index.sync(with: store)
        return index
    }

    private func values(_ records: [EvidenceRecord]) -> [String] {
        records.map { "\($0.subject) \($0.data["value"]?.stringValue ?? "")" }
    }

    /// Records read by seq come oldest observation first, then in stored order, whatever order they
    /// were stored in: the evaluator takes a subject's last record as its newest.
    @Test func recordsReadBySeqComeOldestObservationFirstThenInStoredOrder() throws {
        let dir = try TemporaryFolder()
        let index = try Self.index(
            of: [
                [Self.record("fw", "host:a", at: "2026-11-12T00:00:00Z", value: "a")],
                [Self.record("fw", "host:b", at: "2026-11-10T00:00:00Z", value: "b")],
                [Self.record("fw", "host:d", at: "2026-11-11T00:00:00Z", value: "d")],
                [Self.record("fw", "host:c", at: "2026-11-11T00:00:00Z", value: "c")],
            ], in: dir)
        let seqs = try index.selected(by: EvaluationSelection(instant: instant("2026-11-20T00:00:00Z"), newestKinds: ["fw"])).map(\.seq)
        #expect(seqs.count == 4)
        for asked in [seqs, seqs.reversed()] {
            #expect(values(try index.recordReader.records(asked)) == ["host:b b", "host:d d", "host:c c", "host:a a"])
        }
    }

    @Test func newestKindsReadEveryRecordAtEachSubjectsLatestObservationAtTheInstant() throws {
        let dir = try TemporaryFolder()
        let index = try Self.index(
            of: [
                [
                    Self.record("fw", "host:a", at: "2026-11-10T00:00:00Z", value: "a1"),
                    Self.record("fw", "host:b", at: "2026-11-10T00:00:00Z", value: "b1"),
                ],
                [Self.record("fw", "host:a", at: "2026-11-12T00:00:00Z", value: "a2")],
                // A tie on observed_at with another input: both stay, the evaluator picks the one stored last.
                [
                    Self.record("fw", "host:a", at: "2026-11-12T00:00:00Z", input: "b", value: "a2'"),
                    Self.record("other", "host:a", at: "2026-11-13T00:00:00Z", value: "o"),
                ],
            ], in: dir)
        let now = try index.records(selectedBy: EvaluationSelection(instant: instant("2026-11-20T00:00:00Z"), newestKinds: ["fw"]))
        #expect(values(now) == ["host:b b1", "host:a a2", "host:a a2'"], "oldest first, then in stored order")
        // Ids come from the index's id column: they must be what the record hashes to.
        #expect(now.allSatisfy { $0.id == SHA256Hex.of($0.canonicalData) })
        #expect(Set(now) == Set(try index.records(matching: RecordQuery(kind: "fw")).filter { now.map(\.id).contains($0.id) }))
        // --at an earlier instant: host:a's newer collections are not yet visible.
        let earlier = try index.records(selectedBy: EvaluationSelection(instant: instant("2026-11-11T00:00:00Z"), newestKinds: ["fw"]))
        #expect(values(earlier) == ["host:a a1", "host:b b1"])
        // Exactly at an observation time counts as seen.
        let atTie = try index.records(selectedBy: EvaluationSelection(instant: instant("2026-11-12T00:00:00Z"), newestKinds: ["fw"]))
        #expect(values(atTie) == ["host:b b1", "host:a a2", "host:a a2'"])
        let before = try index.records(selectedBy: EvaluationSelection(instant: instant("2026-11-09T00:00:00Z"), newestKinds: ["fw"]))
        #expect(before.isEmpty)
    }

    @Test func newestObservedIgnoresNewerDeclaredRecords() throws {
        let dir = try TemporaryFolder()
        let index = try Self.index(
            of: [
                [Self.record("fw", "host:a", at: "2026-11-10T00:00:00Z", value: "observed")],
                [Self.record("fw", "host:a", at: "2026-11-11T00:00:00Z", origin: .declared, value: "declared")],
            ], in: dir)
        let at = instant("2026-11-20T00:00:00Z")
        #expect(values(try index.records(selectedBy: EvaluationSelection(instant: at, newestKinds: ["fw"]))) == ["host:a declared"])
        #expect(
            values(try index.records(selectedBy: EvaluationSelection(instant: at, newestObservedKinds: ["fw"])))
                == ["host:a observed"])
    }

    @Test func eventsAreReadInsideTheWindowOnlyUpToTheInstant() throws {
        let dir = try TemporaryFolder()
        let index = try Self.index(
            of: [
                (1...9).map { Self.record("deploy.event", "host:a", at: "2026-11-0\($0)T00:00:00Z", value: "\($0)") }
            ], in: dir)
        let selection = EvaluationSelection(
            instant: instant("2026-11-07T00:00:00Z"), eventsSince: ["deploy.event": instant("2026-11-04T00:00:00Z")])
        #expect(
            values(try index.records(selectedBy: selection)) == ["host:a 5", "host:a 6", "host:a 7"],
            "after the start, at or before the instant")
    }

    @Test func historiesOfKindsAndSubjectsAreWholeAndEachRecordComesOnce() throws {
        let dir = try TemporaryFolder()
        let index = try Self.index(
            of: [
                [
                    Self.record("cert", "cert:1", at: "2026-11-01T00:00:00Z", value: "c1"),
                    Self.record("fw", "host:x", at: "2026-11-01T00:00:00Z", value: "x1"),
                ],
                [
                    Self.record("cert", "cert:1", at: "2026-11-02T00:00:00Z", value: "c2"),
                    Self.record("fw", "host:x", at: "2026-11-02T00:00:00Z", value: "x2"),
                    Self.record("fw", "host:y", at: "2026-11-02T00:00:00Z", value: "y2"),
                ],
                [Self.record("cert", "cert:1", at: "2026-11-30T00:00:00Z", value: "future")],
            ], in: dir)
        let selection = EvaluationSelection(
            instant: instant("2026-11-10T00:00:00Z"), newestKinds: ["cert", "fw"], historyKinds: ["cert"],
            historySubjects: ["host:x"])
        let got = values(try index.records(selectedBy: selection))
        // Everything up to the instant but nothing of the future, in the full scan's order.
        let all = values(try index.records(matching: RecordQuery(observedAtOrBefore: selection.instant)))
        #expect(Set(got) == ["cert:1 c1", "host:x x1", "cert:1 c2", "host:x x2", "host:y y2"])
        #expect(got == all.filter(Set(got).contains) && got.count == Set(got).count)
        #expect(try index.records(selectedBy: EvaluationSelection(instant: instant("2026-11-10T00:00:00Z"))).isEmpty)
    }

    @Test func collectionsReadTheMembersCollectedWithEachSubjectsNewestRecord() throws {
        let dir = try TemporaryFolder()
        let index = try Self.index(
            of: [
                [
                    Self.record("doc", "doc:r", at: "2026-11-01T00:00:00Z", input: "r1"),
                    Self.record("asset", "host:a", at: "2026-11-01T00:00:00Z", input: "r1", value: "a-r1"),
                    Self.record("fw", "host:a", at: "2026-11-01T00:00:00Z", input: "r1", value: "not a member kind"),
                ],
                [Self.record("asset", "host:a", at: "2026-11-02T00:00:00Z", input: "other", value: "a-other")],
                [
                    Self.record("doc", "doc:r", at: "2026-11-30T00:00:00Z", input: "r2"),
                    Self.record("asset", "host:b", at: "2026-11-30T00:00:00Z", input: "r2", value: "b-r2"),
                ],
            ], in: dir)
        let selection = EvaluationSelection(instant: instant("2026-11-10T00:00:00Z"), collections: ["doc": ["asset"]])
        // host:a's own newest record is another input's; the document's newest collection still lists a-r1.
        #expect(values(try index.records(selectedBy: selection)) == ["host:a a-r1"])
        let later = EvaluationSelection(instant: instant("2026-12-01T00:00:00Z"), collections: ["doc": ["asset"]])
        #expect(values(try index.records(selectedBy: later)) == ["host:b b-r2"])
    }

    @Test func visibleSubjectsAndCountsFollowTheInstant() throws {
        let dir = try TemporaryFolder()
        let index = try Self.index(
            of: [
                [Self.record("asset", "host:b", at: "2026-11-01T00:00:00Z"), Self.record("fw", "host:a", at: "2026-11-05T00:00:00Z")],
                [Self.record("fw", "host:c", at: "2026-11-09T00:00:00Z"), Self.record("asset", "host:c", at: "2026-11-09T00:00:00Z")],
            ], in: dir)
        #expect(try index.subjects(observedAtOrBefore: instant("2026-11-06T00:00:00Z")) == ["host:a", "host:b"])
        #expect(try index.subjects(observedAtOrBefore: instant("2026-11-30T00:00:00Z")) == ["host:a", "host:b", "host:c"])
        #expect(try index.subjects(kind: "asset", observedAtOrBefore: instant("2026-11-06T00:00:00Z")) == ["host:b"])
        #expect(try index.subjects(kind: "none", observedAtOrBefore: instant("2026-11-30T00:00:00Z")).isEmpty)
        #expect(try index.recordCount(observedAtOrBefore: instant("2026-11-06T00:00:00Z")) == 2)
        #expect(try index.recordCount(observedAtOrBefore: instant("2026-11-09T00:00:00Z")) == 4)
        #expect(try index.recordCount(observedAtOrBefore: instant("2026-11-09T00:00:00Z"), knownAt: instant("2000-01-01T00:00:00Z")) == 0)
        // Counted from an index holding both times: from the time index, each row was read for its logged time.
        let plan = try index.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + EvidenceIndex.recordCountSQL, arguments: [1, 2]).map { $0["detail"] as String? ?? "" }
        }
        #expect(plan.joined().contains("COVERING INDEX record_by_kind"), "\(plan)")
    }

    @Test func theMigrationAddsTheKindSubjectIndexAndLeavesTheDataAlone() throws {
        let dir = try TemporaryFolder()
        let index = try Self.index(of: [[Self.record("fw", "host:a", at: "2026-11-05T00:00:00Z")]], in: dir)
        let names = try index.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'record'")
        }
        #expect(names.contains("record_by_kind_subject"))
        let plan = try index.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    EXPLAIN QUERY PLAN SELECT MAX(observed_at) FROM record WHERE kind = 'fw' AND subject = 'host:a' AND observed_at <= 1
                    """
            ).map { $0["detail"] as String? ?? "" }
        }
        #expect(plan.joined().contains("record_by_kind_subject"), "\(plan)")
    }

    /// Every query of a check's selection by kind is answered from an index alone: reading each
    /// selected record's row was a page read a record. The skip over a kind's subjects keeps to the
    /// kind-and-subject index (with the time index covering too, SQLite once took that one for it,
    /// and a check of 200k records took 125 s).
    @Test(arguments: [false, true])
    func theSelectionIsReadFromTheKindIndexesAlone(ofSubjects: Bool) throws {
        let dir = try TemporaryFolder()
        let index = try Self.index(of: [[Self.record("fw", "host:a", at: "2026-11-05T00:00:00Z")]], in: dir)
        let queries = [
            EvidenceIndex.eventsSQL(only: ofSubjects), EvidenceIndex.historySQL(only: ofSubjects),
            EvidenceIndex.newestSQL(observedOnly: false, only: ofSubjects),
        ]
        for sql in queries {
            let plan = try index.read { db in
                try Row.fetchAll(
                    db, sql: "EXPLAIN QUERY PLAN " + sql,
                    arguments: ["kind": "fw", "since": 0, "at": 1, "known": 2, "subjects": "[\"host:a\"]"]
                ).map { $0["detail"] as String? ?? "" }
            }
            let searches = plan.filter { $0.contains(" record ") || $0.hasPrefix("SEARCH record") || $0.hasPrefix("SCAN record") }
            #expect(!searches.isEmpty && searches.allSatisfy { $0.contains("USING COVERING INDEX record_by_kind") }, "\(sql): \(plan)")
            if sql.contains("MIN(subject)") {
                #expect(searches.allSatisfy { $0.contains("record_by_kind_subject") }, "\(plan)")
            }
        }
    }
}
