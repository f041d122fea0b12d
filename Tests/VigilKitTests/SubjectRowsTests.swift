import Testing
import VigilTestSupport

@testable import EvidenceStore
@testable import VigilKit

/// The selected rows subject by subject, found by search and by walking in sorted order, against a
/// plain table of them.
struct SubjectRowsTests {
    @Test(arguments: [0, 1, 2, 7])
    func rowsAreFoundAsAPlainTableFindsThem(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let names = ["host:b", "host:a", "arn:aws:kms:eu-west-1:1:key/z", "host:a2", "ü", "host:B"]
        var records: [SelectedRecord] = []
        for seq in 0..<Int64(seed == 0 ? 0 : 200) {
            records.append(SelectedRecord(seq: seq * 3, kind: "k", subject: names[Int(random.next() % UInt64(names.count))]))
        }
        var plain: [String: [Int64]] = [:]
        for record in records { plain[record.subject, default: []].append(record.seq) }
        let rows = SubjectRows(records)
        #expect(rows.subjects == plain.keys.sorted())
        for subject in names + ["host:c", ""] {
            #expect(Array(rows.rows(of: subject)) == plain[subject] ?? [], "\(subject)")
        }
        // Walked in order, some subjects skipped and some asked for that have no rows.
        var walk = SubjectRows.Walk(rows)
        for subject in (names + ["host:c", "a"]).sorted() where subject != "host:a" {
            #expect(Array(walk.rows(of: subject)) == plain[subject] ?? [], "\(subject)")
        }
    }
}
