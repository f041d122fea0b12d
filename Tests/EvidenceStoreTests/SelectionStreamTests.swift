import EvidenceModel
import Foundation
import GRDB
import Testing
import VigilTestSupport

@testable import EvidenceStore

/// A selection read as a stream: the shared kinds' records whole, the others a subject at a time, in
/// order, together exactly the records the selection reads at once.
struct SelectionStreamTests {
    typealias Fixture = EvaluationSelectionTests

    /// Several kinds, subjects spread over commits (so that their rows are not numbered in subject
    /// order), each kind read by another query.
    private func store(in dir: TemporaryFolder) throws -> EvidenceIndex {
        var commits: [[EvidenceRecord]] = []
        for day in 1...4 {
            var commit: [EvidenceRecord] = []
            for host in ["host:é", "host:b", "host:a", "host:c", "host:ab"].shuffled() {
                let at = "2026-11-0\(day)T00:00:00Z"
                commit.append(Fixture.record("fw", host, at: at, origin: day == 4 ? .declared : .observed, value: "\(host) fw \(day)"))
                commit.append(Fixture.record("deploy", host, at: at, value: "\(host) deploy \(day)"))
                if host != "host:c" { commit.append(Fixture.record("cert", host, at: at, value: "\(host) cert \(day)")) }
            }
            commit.append(Fixture.record("risk", "risk:\(day)", at: "2026-11-0\(day)T00:00:00Z", value: "risk \(day)"))
            commit.append(Fixture.record("doc", "doc:r", at: "2026-11-0\(day)T00:00:00Z", input: "r\(day)", value: "doc \(day)"))
            commit.append(Fixture.record("asset", "host:z\(day)", at: "2026-11-0\(day)T00:00:00Z", input: "r\(day)", value: "asset \(day)"))
            commits.append(commit)
        }
        return try Fixture.index(of: commits, in: dir)
    }

    private let selection = EvaluationSelection(
        instant: instant("2026-11-03T12:00:00Z"), newestKinds: ["fw", "risk"], newestObservedKinds: ["fw"],
        eventsSince: ["deploy": instant("2026-11-01T12:00:00Z")], historyKinds: ["cert"],
        historySubjects: ["host:b", "host:zz"], collections: ["doc": ["asset"]])

    @Test func theStreamReadsTheSelectionSharedKindsFirstThenSubjectBySubjectInOrder() throws {
        let dir = try TemporaryFolder()
        let index = try store(in: dir)
        let whole = try index.selected(by: selection)
        let (shared, sharedRecords, streamed, newestRow, outOfOrder) = try index.streamSelected(by: selection, sharedKinds: ["risk"]) {
            stream throws(StoreError) in
            var subjects: [(subject: String, seqs: [Int64])] = []
            while let next = try stream.subjects.next() { subjects.append(next) }
            return (stream.shared, stream.sharedRecords, subjects, stream.newestRow, stream.subjects.outOfOrder)
        }
        #expect(!outOfOrder)
        #expect(shared == whole.filter { $0.kind == "risk" })
        let sharedIDs = try index.records(shared.map(\.seq)).map(\.id)
        #expect(sharedRecords.map(\.id) == sharedIDs)
        #expect(Set(sharedRecords.map(\.subject)) == ["risk:1", "risk:2", "risk:3"])
        // The others: every selected record once, under its subject, the subjects ascending by their bytes.
        let others = whole.filter { $0.kind != "risk" }
        #expect(streamed.map(\.subject) == Set(others.map(\.subject)).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        #expect(streamed.map(\.subject).contains("host:z3"))  // a collection's member
        for (subject, seqs) in streamed {
            #expect(seqs == others.filter { $0.subject == subject }.map(\.seq).sorted(), "\(subject)")
        }
        #expect(newestRow == (try index.read { db in try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM record") }))
        // What each query found matters: every kind but the shared one is streamed.
        #expect(Set(others.map(\.kind)) == ["fw", "deploy", "cert", "asset"])
    }

    /// The stream's queries read a kind's rows in subject order from the kind-and-subject index: no
    /// sort holds them (only a collection's members, found through another record, are sorted).
    @Test func theStreamsQueriesComeInSubjectOrderWithoutASort() throws {
        let dir = try TemporaryFolder()
        let index = try store(in: dir)
        let queries = try index.read { db in
            try EvidenceIndex.queries(for: selection, of: nil, ordered: true, in: db)
        }
        #expect(queries.compactMap(\.kind).sorted() == ["cert", "deploy", "fw", "fw", "risk"])
        for query in queries where query.kind != nil {
            let plan = try index.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + query.sql, arguments: query.arguments).map { $0["detail"] as String? ?? "" }
            }
            #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(query.sql): \(plan)")
            #expect(plan.contains { $0.contains("record_by_kind_subject") }, "\(query.sql): \(plan)")
        }
    }
}
