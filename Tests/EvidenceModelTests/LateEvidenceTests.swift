import EvidenceModel
import Foundation
import Testing

/// A result is late when evidence behind it was logged after the run's instant; when nothing was,
/// marking writes nothing and clears what was marked before.
struct LateEvidenceTests {
    private static let instant = Date(timeIntervalSince1970: 1_800_000_000)

    private static func run(late: [String: [String]] = [:]) -> RunResult {
        let results = ["host:a": ["r1", "r2"], "host:b": ["r3"], "host:c": []].sorted { $0.key < $1.key }.map { subject, evidence in
            var result = SubjectResult(subject: subject, status: .pass, reason: "ok", evidence: evidence)
            result.late = late[subject] ?? []
            return result
        }
        let control = ControlResult(id: "C-1", title: "one", severity: .high, frameworks: [:], results: results, error: nil)
        return RunResult(asOf: instant, checkpoint: nil, controls: [control], scopeGaps: [], acceptances: [])
    }

    @Test func evidenceLoggedAfterTheInstantMarksItsResultsLate() {
        let loggedAt = ["r1": Self.instant, "r2": Self.instant.addingTimeInterval(1), "r3": Self.instant.addingTimeInterval(-60)]
        var marked = Self.run(late: ["host:b": ["r3"]])
        marked.markLate(loggedAt: loggedAt)
        #expect(marked == Self.run(late: ["host:a": ["r2"]]))
        #expect(marked.lateResultCount == 1)
        #expect(Self.run().markingLate(loggedAt: loggedAt) == marked)
    }

    @Test func withNothingLoggedAfterTheInstantNoResultIsLate() {
        let loggedAt = ["r1": Self.instant, "r3": Self.instant.addingTimeInterval(-60)]
        var marked = Self.run(late: ["host:a": ["r1"], "host:c": ["gone"]])
        marked.markLate(loggedAt: loggedAt)
        #expect(marked == Self.run())
        #expect(marked.lateResultCount == 0)
        var empty = Self.run()
        empty.markLate(loggedAt: [:])
        #expect(empty == Self.run())
    }
}
