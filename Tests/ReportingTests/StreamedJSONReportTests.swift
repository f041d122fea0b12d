import EvidenceModel
import Foundation
import Testing
import VigilTestSupport

@testable import Reporting

/// The JSON report is written as its results are printed; its bytes must be those of the whole
/// document printed at once, at every chunk size, and no chunk may hold much more than asked.
struct StreamedJSONReportTests {
    private static func whole(_ run: RunResult) -> [UInt8] {
        PrettyJSON.bytes(JSONReport.document(for: run))
    }

    private static func chunks(_ run: RunResult, size: Int) -> [[UInt8]] {
        var chunks: [[UInt8]] = []
        JSONReport.write(run, chunkSize: size) { chunks.append($0) }
        return chunks
    }

    /// A run of `controls` controls with up to 40 results each, some empty, from a seed.
    private static func randomRun(seed: UInt64, controls: Int) -> RunResult {
        var random = SeededRandom(seed: seed)
        let results = (0..<controls).map { c in
            ControlResult(
                id: "C-\(c)", title: "control \(c) «ü»", severity: .high, frameworks: c % 2 == 0 ? [:] : ["soc2": ["CC6.1"]],
                results: (0..<Int.random(in: 0...40, using: &random)).map { s in
                    var result = SubjectResult(
                        subject: "host:h-\(s)\(["", "é", "\u{1}", "/", "\u{1F600}"][s % 5])", status: Status.allCases.randomElement(using: &random)!,
                        reason: String(repeating: "r\"\n\t\\\u{7f}\u{2028}", count: Int.random(in: 0...5, using: &random)),
                        evidence: (0..<Int.random(in: 0...3, using: &random)).map { "e\($0)" },
                        acceptance: Bool.random(using: &random) ? "RA-\(s)" : nil)
                    result.late = (0..<Int.random(in: 0...2, using: &random)).map { "e\($0)" }
                    return result
                }, error: c % 7 == 3 ? "broken" : nil)
        }
        return RunResult(
            asOf: Date(timeIntervalSince1970: 1_800_000_000), checkpoint: Fixtures.checkpoint, controls: results,
            scopeGaps: Fixtures.gaps, acceptances: Fixtures.acceptances)
    }

    @Test(arguments: [1, 7, 64, 4096, 1 << 20])
    func theStreamedBytesAreTheWholeDocumentsAtEveryChunkSize(size: Int) {
        for run in [Fixtures.run, Fixtures.bare, Fixtures.empty, Self.randomRun(seed: UInt64(size), controls: 30)] {
            #expect(Self.chunks(run, size: size).flatMap { $0 } == Self.whole(run))
        }
        #expect(JSONReport.bytes(Fixtures.run) == Self.whole(Fixtures.run))
        #expect(JSONReport.render(Fixtures.run) == PrettyJSON.string(JSONReport.document(for: Fixtures.run)))
    }

    /// A chunk is handed on once it reaches the size, after one result at most: the report is never
    /// held whole however many results it has.
    @Test func noChunkGrowsMuchPastItsSize() {
        let run = Self.randomRun(seed: 42, controls: 200)
        let chunks = Self.chunks(run, size: 4096)
        #expect(chunks.count > 20)
        let largestResult = run.controls.flatMap(\.results).map { PrettyJSON.bytes(["r": .string($0.reason)]).count + 400 }.max()!
        #expect(chunks.dropLast().allSatisfy { $0.count >= 4096 && $0.count < 4096 + largestResult })
    }

    @Test func aSinksFailureStopsTheWriting() {
        struct Full: Error {}
        var calls = 0
        #expect(throws: Full.self) {
            try JSONReport.write(Self.randomRun(seed: 1, controls: 50), chunkSize: 64) { _ throws(Full) in
                calls += 1
                if calls == 3 { throw Full() }
            }
        }
        #expect(calls == 3)
    }
}
