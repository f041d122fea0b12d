import EvidenceModel
import Foundation
import Testing

@testable import ControlEngine

/// The engine's extension for checks that look beyond one subject: ``RelatedEvidenceCheck`` judged by
/// ``SubjectJudgement``, and ``VisibleEvidence/rekeyed(kinds:by:)`` behind ``SubjectKeyedCheck``.
struct RelatedEvidenceTests {
    /// Passes, naming what it could see, and cites every `peer` record of other subjects.
    struct PeerCountingCheck: RelatedEvidenceCheck {
        static let type = "peer_counting"
        init() {}
        init?(parameters: inout CheckParameters) {}

        func judge(_ records: [EvidenceRecord], related: RelatedEvidence, at instant: Date) -> CheckVerdict {
            let peers = related.newestStates(of: "peer").filter { $0.key != related.subject }.values.flatMap { $0 }
            let history = related.history(of: "peer").count
            let hidden = related.history(of: "secret").count + related.newestStates(of: "secret").count
            return CheckVerdict(status: .pass, reason: "\(peers.count) peers, \(history) own observations, \(hidden) hidden")
                .citing(peers.sorted { $0.subject < $1.subject })
        }
    }

    let control = Control(id: "P-1", title: "T", severity: .low, evidence: ["peer"], check: CheckSpec(type: "peer_counting"))

    private func judge(_ subject: String, _ records: [EvidenceRecord], control: Control? = nil) -> SubjectResult {
        let index = VisibleEvidence(records: records, at: Fixture.now)
        return SubjectJudgement(control: control ?? self.control, check: PeerCountingCheck(), index: index).judge(subject)
    }

    @Test func aRelatedCheckSeesOtherSubjectsAndTheSubjectsHistoryAndCitesWhatItUsed() {
        let older = Fixture.record("peer", "s:a", at: Fixture.daysAgo(5))
        let newest = Fixture.record("peer", "s:a", at: Fixture.daysAgo(1))
        let b = Fixture.record("peer", "s:b", at: Fixture.daysAgo(2))
        let c = Fixture.record("peer", "s:c", at: Fixture.daysAgo(3))
        let result = judge("s:a", [older, newest, b, c])
        #expect(result.reason == "2 peers, 2 own observations, 0 hidden")
        #expect(result.evidence == [newest.id, b.id, c.id])
    }

    @Test func onlyTheControlsKindsVisibleAtTheInstantAndOfItsOriginAreRelated() {
        let own = Fixture.record("peer", "s:a", at: Fixture.daysAgo(1))
        let secret = Fixture.record("secret", "s:b", at: Fixture.daysAgo(1))
        let later = Fixture.record("peer", "s:c", at: Fixture.now.addingTimeInterval(60))
        let declared = Fixture.record("peer", "s:d", at: Fixture.daysAgo(1), origin: .declared)
        #expect(judge("s:a", [own, secret, later, declared]).reason == "1 peers, 1 own observations, 0 hidden")
        let observedOnly = Control(
            id: "P-1", title: "T", severity: .low, evidence: ["peer"], origin: .observed,
            check: CheckSpec(type: "peer_counting"))
        #expect(judge("s:a", [own, declared], control: observedOnly).reason == "0 peers, 1 own observations, 0 hidden")
    }

    @Test func citedRecordsAlreadyJudgedAreListedOnce() {
        let verdict = CheckVerdict(status: .pass, reason: "r").citing([Fixture.record("peer", "s:a")])
        #expect(verdict.related.count == 1)
        let a = Fixture.record("peer", "s:a", at: Fixture.daysAgo(1))
        #expect(judge("s:a", [a]).evidence == [a.id])
    }

    @Test func judgedOnItsOwnARelatedCheckSeesOnlyTheRecordsItIsGiven() {
        let a = Fixture.record("peer", "s:a")
        #expect(PeerCountingCheck().judge([a], at: Fixture.now).reason == "0 peers, 1 own observations, 0 hidden")
    }

    @Test func rekeyingFilesRecordsUnderDerivedSubjectsOldestFirstAndLeavesOtherKinds() {
        let x1 = Fixture.record("peer", "s:x", at: Fixture.daysAgo(1), ["names": ["n1", "n2"]])
        let y = Fixture.record("peer", "s:y", at: Fixture.daysAgo(3), ["names": ["n1"]])
        let none = Fixture.record("peer", "s:z", at: Fixture.daysAgo(2))
        let other = Fixture.record("asset", "s:x", at: Fixture.daysAgo(2))
        let index = VisibleEvidence(records: [x1, y, none, other], at: Fixture.now).rekeyed(kinds: ["peer"]) { record in
            record.data["names"]?.arrayValue?.compactMap(\.stringValue).map { "name:" + $0 } ?? []
        }
        #expect(index.subjects(withAnyOf: ["peer"]) == ["name:n1", "name:n2"])
        #expect(index.records(kind: "peer", subject: "name:n1") == [y, x1])
        #expect(index.records(kind: "asset", subject: "s:x") == [other])
        #expect(index.instant == Fixture.now)
    }
}
