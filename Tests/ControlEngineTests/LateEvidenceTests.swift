import EvidenceModel
import Foundation
import Testing

@testable import ControlEngine

/// A result is late when evidence behind it was logged after the run's instant: the evaluation marks
/// it as it judges, with the ids in the evidence's order, including a covering acceptance's record.
struct LateEvidenceTests {
    private func logged(_ record: EvidenceRecord, _ days: Double) -> EvidenceRecord {
        var record = record
        record.loggedAt = Fixture.daysAgo(days)
        return record
    }

    @Test func evidenceLoggedAfterTheInstantMarksItsResultsLate() throws {
        let onTime = logged(Fixture.device("a", "UEFI", at: Fixture.daysAgo(3)), 2)
        let backfilled = logged(Fixture.device("a", "NVMe", at: Fixture.daysAgo(3)), -1)
        let never = Fixture.device("b", "UEFI", at: Fixture.daysAgo(3))
        let exactly = logged(Fixture.device("c", "UEFI", at: Fixture.daysAgo(3)), 0)
        let run = Fixture.run([Fixture.firmwareControl], [onTime, backfilled, never, exactly])
        let results = try #require(run.controls.first?.results)
        #expect(results.map(\.subject) == ["host:a", "host:b", "host:c"])
        #expect(results[0].evidence == [onTime.id, backfilled.id])
        #expect(results.map(\.late) == [[backfilled.id], [], []], "logged at the instant is not late; unknown is not late")
        #expect(run.lateResultCount == 1)
    }

    @Test func anAcceptanceLoggedLateMarksTheResultItCovers() throws {
        let failing = logged(Fixture.device("lab-3", "Board", flags: [], at: Fixture.daysAgo(3)), -2)
        let other = logged(Fixture.device("lab-4", "Board", flags: [], at: Fixture.daysAgo(3)), 1)
        for (acceptanceLoggedDaysAgo, lateAcceptance) in [(-1.0, true), (5, false)] {
            let acceptance = logged(
                Fixture.acceptance("RA-7", control: "FW-02", subjects: ["host:lab-3", "host:lab-4"]), acceptanceLoggedDaysAgo)
            let results = try #require(Fixture.run([Fixture.firmwareControl], [acceptance, failing, other]).controls.first?.results)
            #expect(results.map(\.status) == [.accepted, .accepted])
            #expect(results[0].evidence == [failing.id, acceptance.id])
            #expect(results[0].late == [failing.id] + (lateAcceptance ? [acceptance.id] : []))
            #expect(results[1].late == (lateAcceptance ? [acceptance.id] : []))
        }
    }
}
