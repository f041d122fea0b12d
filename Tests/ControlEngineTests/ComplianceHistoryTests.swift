import EvidenceModel
import Foundation
import Testing

@testable import ControlEngine

struct ComplianceHistoryTests {
    static let base = Date(timeIntervalSince1970: 1_795_132_800)  // 2026-11-21T00:00:00Z
    static func day(_ n: Double) -> Date { base.addingTimeInterval(n * 86_400) }

    @Test func instantsAreTheDistinctEarlierCommitTimesThenTheReportsInstant() {
        let commits = [Self.day(1), Self.day(0), Self.day(1), Self.day(5), Self.day(9)]
        #expect(ComplianceHistory.instants(commitTimes: commits, upTo: Self.day(5)) == [Self.day(0), Self.day(1), Self.day(5)])
        #expect(ComplianceHistory.instants(commitTimes: [], upTo: Self.day(5)) == [Self.day(5)])
    }

    @Test func aLongHistoryIsThinnedEvenlyKeepingTheOldestAndNewestCommits() {
        let commits = (0..<100).map { Self.day(Double($0)) }
        let instants = ComplianceHistory.instants(commitTimes: commits, upTo: Self.day(200))
        #expect(instants.count == ComplianceHistory.maxInstants)
        #expect(instants.first == Self.day(0))
        #expect(instants.dropLast().last == Self.day(99))
        #expect(instants.last == Self.day(200))
        #expect(instants == instants.sorted() && Set(instants).count == instants.count)
        #expect(ComplianceHistory.instants(commitTimes: commits, upTo: Self.day(200), limit: 2) == [Self.day(99), Self.day(200)])
    }

    @Test func eachSnapshotCountsOnlyTheEvidenceObservedByItsInstant() throws {
        let control = Control(
            id: "FW-02", title: "Firmware is updatable", severity: .high, evidence: ["firmware.device"],
            check: CheckSpec(type: "firmware_updatable"))
        func device(updatable: Bool, at date: Date) -> EvidenceRecord {
            let flags: [JSONValue] = updatable ? ["updatable"] : []
            return EvidenceRecord(
                kind: "firmware.device", subject: "host:a", observedAt: date, collector: "fwupd", origin: .observed,
                source: EvidenceSource(name: "a.json", sha256: String(repeating: updatable ? "1" : "2", count: 64)),
                data: ["DeviceId": "d1", "Name": "UEFI", "Version": "1.0", "Flags": .array(flags)])
        }
        let records = [device(updatable: false, at: Self.day(1)), device(updatable: true, at: Self.day(3))]
        let snapshots = ComplianceHistory.snapshots(
            evaluator: Evaluator(controls: [control]), records: records, at: [Self.day(2), Self.day(0), Self.day(4)])
        #expect(snapshots.map(\.at) == [Self.day(0), Self.day(2), Self.day(4)])
        #expect(snapshots.map { $0.counts[.missing] ?? 0 } == [1, 0, 0], "no evidence yet: fails closed")
        #expect(snapshots.map { $0.counts[.fail] ?? 0 } == [0, 1, 0])
        #expect(snapshots.map { $0.counts[.pass] ?? 0 } == [0, 0, 1])
    }
}
