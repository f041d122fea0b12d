import EvidenceModel
import Foundation
import Testing

@testable import ControlEngine

/// A source judged at an instant from its newest run and its last good one.
struct SourceCompletenessTests {
    static let at = Timestamp.parse("2026-11-29T12:00:00Z") ?? .distantPast
    static let daily = SourceCompleteness.Expectation(name: "fleet", every: EvidenceDuration("1d"))

    private static func run(_ hoursAgo: Double, _ outcome: SourceRunEvidence.Outcome, reasons: [String] = []) -> SourceCompleteness.Run {
        SourceCompleteness.Run(
            at: at.addingTimeInterval(-hoursAgo * 3_600),
            run: SourceRunEvidence(
                name: "fleet", collector: "fwupd", input: "fw/*.json", every: EvidenceDuration("1d"), outcome: outcome,
                reasons: reasons, inputs: 3, records: 12, kinds: ["firmware.device"], subjects: ["host:a", "host:b"],
                subjectCount: 5))
    }

    /// Subjects are counted up to a limit; a count at it is a floor, and the coverage says so.
    @Test func aSubjectCountAtTheLimitIsSaidAsAFloor() {
        func coverage(_ count: Int) -> String {
            SourceRunEvidence(
                name: "ca", collector: "boulder-audit", input: "audit.log", every: nil, outcome: .ok, reasons: [], inputs: 1,
                records: count, kinds: ["issuance.decision"], subjects: ["domain:a.example"], subjectCount: count
            ).coverage
        }
        #expect(coverage(5) == "issuance.decision of domain:a.example and 4 more")
        let limit = SourceRunEvidence.subjectCountLimit
        #expect(coverage(limit) == "issuance.decision of domain:a.example and at least \(limit - 1) more")
    }

    @Test func aRecentGoodRunIsOnTime() {
        let good = Self.run(3, .ok)
        let judged = SourceCompleteness.judge(Self.daily, newest: good, lastGood: good, at: Self.at)
        #expect(judged.standing == .onTime && judged.gap == nil)
    }

    @Test func aFailedLastRunIsAGapNamingWhyTheLastGoodRunAndWhatItCovers() {
        let judged = SourceCompleteness.judge(
            Self.daily, newest: Self.run(1, .failed, reasons: ["fw/x.json: byte 3: invalid UTF-8", "fw/y.json: empty file"]),
            lastGood: Self.run(30, .ok), at: Self.at)
        #expect(judged.standing == .failed)
        #expect(judged.gap?.gap == .sourceFailed && judged.gap?.subject == "source:fleet")
        #expect(
            judged.gap?.reason
                == "last run failed at 2026-11-29T11:00:00Z: fw/x.json: byte 3: invalid UTF-8 (and 1 more); last good run "
                + "2026-11-28T06:00:00Z (1.3 days ago); covers firmware.device of host:a, host:b and 3 more")
    }

    @Test func noGoodRunWithinTheCadenceIsSilent() {
        let old = Self.run(30, .ok)
        let judged = SourceCompleteness.judge(Self.daily, newest: old, lastGood: old, at: Self.at)
        #expect(judged.standing == .silent && judged.gap?.gap == .sourceSilent)
        #expect(judged.gap?.reason.hasPrefix("no good run within every 1d: last good run 2026-11-28T06:00:00Z") == true)
        let never = SourceCompleteness.judge(Self.daily, newest: nil, lastGood: nil, at: Self.at)
        #expect(never.standing == .silent && never.gap?.reason == "no good run within every 1d: never a good run")
    }

    @Test func withoutACadenceOnlyFailureIsJudged() {
        let free = SourceCompleteness.Expectation(name: "fleet", every: nil)
        #expect(SourceCompleteness.judge(free, newest: nil, lastGood: nil, at: Self.at).standing == .notRun)
        let old = Self.run(24 * 90, .ok)
        #expect(SourceCompleteness.judge(free, newest: old, lastGood: old, at: Self.at).gap == nil)
    }
}
