import EvidenceModel
import Foundation
import Testing

@testable import Collectors

/// A merged input's records are made a batch at a time, each once, in order.
struct MergedRecordsTests {
    /// Counts the records made, from the makers' side.
    final class Made: @unchecked Sendable { var count = 0 }

    @Test func recordsAreMadeOnlyWhenTakenEachOnceInOrder() throws {
        let made = Made()
        var merged = MergedRecords(count: 5) { position in
            made.count += 1
            return EvidenceRecord(
                kind: "key", subject: "key:k\(position + 1)", observedAt: Date(timeIntervalSince1970: 0), collector: "test",
                origin: .observed, source: EvidenceSource(name: "a.json", sha256: String(repeating: "0", count: 64)),
                data: [:])
        }
        #expect(merged.count == 5 && made.count == 0, "nothing is made before it is taken")
        #expect(try merged.take(2).map(\.subject) == ["key:k1", "key:k2"] && made.count == 2)
        #expect(try merged.all().map(\.subject) == ["key:k3", "key:k4", "key:k5"] && made.count == 5)
        #expect(try merged.take(3).map(\.subject) == ["key:k3", "key:k4", "key:k5"], "`all` takes from a copy")
        #expect(try merged.take(3).isEmpty && made.count == 8)
    }

    /// Taking tells what made the records how many were taken; `all` tells nothing.
    @Test func takingTellsHowManyWereTakenSoThatWhatMadeThemIsLetGo() throws {
        let keys = KeptUntilTaken((0..<10_000).map { "k\($0)" })
        var merged = MergedRecords(
            count: keys.count,
            make: { position in
                EvidenceRecord(
                    kind: "key", subject: "key:" + keys[position], observedAt: Date(timeIntervalSince1970: 0), collector: "test",
                    origin: .observed, source: EvidenceSource(name: "a.json", sha256: String(repeating: "0", count: 64)), data: [:])
            }, taken: keys.letGo(below:))
        #expect(try merged.all().count == 10_000 && keys.held == 10_000, "`all` lets nothing go")
        #expect(try merged.take(4_000).last?.subject == "key:k3999" && keys.held == 10_000, "a page is let go only once wholly taken")
        #expect(try merged.take(5_000).last?.subject == "key:k8999" && keys.held == 10_000 - 8_192)
        #expect(try merged.take(5_000).count == 1_000 && keys.held == 10_000 - 8_192, "the last page is kept with the count")
        #expect(keys[9_999] == "k9999")
    }
}
