import EvidenceModel
import Foundation
import Testing

/// Comparing two checks: which statuses changed and in which direction, which gaps opened and closed,
/// what became of each acceptance, and what counts as a regression.
struct RunDiffTests {
    private static let t1 = Date(timeIntervalSince1970: 1_800_000_000)
    private static let t2 = t1.addingTimeInterval(7 * 86_400)

    private static func run(
        _ results: [String: Status], error: String? = nil, gaps: [ScopeGap] = [], acceptances: [AcceptanceReview] = []
    )
        -> RunResult
    {
        let subjects = results.keys.sorted().map { SubjectResult(subject: $0, status: results[$0]!, reason: "\($0) is \(results[$0]!.rawValue)") }
        let control = ControlResult(id: "C-1", title: "one", severity: .high, frameworks: [:], results: subjects, error: error)
        return RunResult(asOf: t1, checkpoint: nil, controls: [control], scopeGaps: gaps, acceptances: acceptances)
    }

    private static func diff(_ before: RunResult, _ after: RunResult) -> RunDiff {
        RunDiff(
            comparing: before, at: .init(instant: t1, checkpoint: nil), with: after, at: .init(instant: t2, checkpoint: nil),
            evidenceAdded: [:])
    }

    private static func acceptance(
        _ id: String, reasons: [AcceptanceReview.StaleReason] = [], extensions: Int = 0, withdrawn: Bool = false
    )
        -> AcceptanceReview
    {
        AcceptanceReview(
            id: id, control: "C-1", subjects: ["a"], expiresAt: nil, reasons: reasons, extensions: extensions, detail: id,
            withdrawnAt: withdrawn ? t2 : nil)
    }

    @Test func onlyChangedStatusesAreListedWithTheirDirection() {
        let diff = Self.diff(
            Self.run(["a": .pass, "b": .fail, "c": .pass, "d": .missing, "e": .pass, "gone": .fail]),
            Self.run(["a": .fail, "b": .pass, "c": .pass, "d": .fail, "e": .accepted, "new": .stale]))
        let directions = Dictionary(uniqueKeysWithValues: diff.results.map { ($0.subject ?? "-", $0.direction) })
        #expect(
            directions == [
                "a": .regressed, "b": .improved, "d": .regressed, "e": .changed, "gone": .improved, "new": .regressed,
            ])
        #expect(diff.results.map(\.subject) == ["a", "b", "d", "e", "gone", "new"])
        #expect(diff.results.first?.from?.reason == "a is pass" && diff.results.first?.to?.reason == "a is fail")
        #expect(diff.regressions == 3)
    }

    @Test func failingLessBadlyIsAnImprovementAndWorseIsARegression() {
        let diff = Self.diff(Self.run(["a": .fail, "b": .stale]), Self.run(["a": .stale, "b": .fail]))
        #expect(diff.results.map(\.direction) == [.improved, .regressed])
    }

    @Test func aControlThatCannotBeEvaluatedStandsForItself() {
        let diff = Self.diff(Self.run(["a": .pass]), Self.run([:], error: "advisories file missing"))
        #expect(diff.results.first?.subject == nil)
        #expect(diff.results.first?.to == RunDiff.Outcome(status: .error, reason: "advisories file missing"))
        #expect(diff.results.first?.isRegression == true)
        #expect(diff.results.last?.subject == "a" && diff.results.last?.to == nil)
    }

    @Test func gapsOpenAndCloseByWhatTheyAreNotHowTheyAreWorded() {
        let kept = ScopeGap(subject: "host:x", gap: .uncovered, control: nil, reason: "old words")
        let reworded = ScopeGap(subject: "host:x", gap: .uncovered, control: nil, reason: "new words")
        let closed = ScopeGap(subject: "key:y", gap: .noEvidence, control: "C-1", reason: "never any")
        let opened = ScopeGap(subject: "host:z", gap: .noEvidence, control: "C-1", reason: "never any")
        let quiet = ScopeGap(subject: "host:q", gap: .excluded, control: nil, reason: "decommissioned", isFlagged: false)
        let diff = Self.diff(Self.run([:], gaps: [kept, closed]), Self.run([:], gaps: [reworded, opened, quiet]))
        #expect(diff.gapsOpened == [opened, quiet])
        #expect(diff.gapsClosed == [closed])
        #expect(diff.regressions == 1, "an unflagged gap is recorded, not a regression")
    }

    @Test func eachAcceptanceSaysWhatBecameOfIt() {
        let before = [
            Self.acceptance("kept"), Self.acceptance("extended"), Self.acceptance("withdrawn"), Self.acceptance("expired"),
            Self.acceptance("stale"), Self.acceptance("renewed", reasons: [.expired]),
        ]
        let after = [
            Self.acceptance("kept"), Self.acceptance("extended", extensions: 1), Self.acceptance("withdrawn", withdrawn: true),
            Self.acceptance("expired", reasons: [.expired, .overExtended]), Self.acceptance("stale", reasons: [.noApprover]),
            Self.acceptance("renewed"), Self.acceptance("granted"),
        ]
        let diff = Self.diff(Self.run([:], acceptances: before), Self.run([:], acceptances: after))
        #expect(
            Dictionary(uniqueKeysWithValues: diff.acceptances.map { ($0.id, $0.change) }) == [
                "extended": .extended, "withdrawn": .withdrawn, "expired": .expired, "stale": .stale, "renewed": .renewed,
                "granted": .granted,
            ])
        #expect(diff.regressions == 2)
    }
}
