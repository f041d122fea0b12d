import EvidenceModel
import Foundation
import Testing

@testable import ControlEngine

/// Registers are documents: a file's newest collection replaces what it said before (DESIGN §12).
struct RegisterDocumentsTests {
    let firmware = Fixture.firmwareControl
    let failingLab = Fixture.device("lab-3", "Board", flags: [])

    /// One collection of a register file as its collector writes it: the entries, then the `register`
    /// record, all with the file's name, the same content hash and the same observation time.
    static func collection(
        _ entries: [EvidenceRecord], of file: String = "risks.yaml", collector: String = "risks", at date: Date,
        content: String? = nil
    ) -> [EvidenceRecord] {
        let source = EvidenceSource(
            name: file, sha256: SHA256Hex.of(Data((content ?? entries.map(\.subject).joined(separator: ",")).utf8)))
        let kind = entries.first?.kind ?? EvidenceKind.riskAcceptance
        let document = EvidenceRecord(
            kind: EvidenceKind.register, subject: "register:\(collector)/\(file)", observedAt: date, collector: collector,
            origin: .declared, source: source, data: ["entry_kind": .string(kind), "entries": .number(Double(entries.count))])
        return entries.map {
            EvidenceRecord(
                kind: $0.kind, subject: $0.subject, observedAt: date, collector: collector, origin: .declared,
                source: source, data: $0.data)
        } + [document]
    }

    static let ra1 = Fixture.acceptance("RA-1", control: "FW-02", subjects: ["host:lab-3"])
    static let ra2 = Fixture.acceptance("RA-2", control: "FW-02", subjects: ["host:db-1"])

    private func acceptance(_ run: RunResult, _ id: String) -> AcceptanceReview? {
        run.acceptances.first { $0.id == id }
    }

    // MARK: Acceptances

    @Test func anAcceptanceLeftOutOfTheNewestCollectionIsWithdrawnWhenThatCollectionWasObserved() throws {
        let records =
            Self.collection([Self.ra1, Self.ra2], at: Fixture.daysAgo(10))
            + Self.collection([Self.ra2], at: Fixture.daysAgo(5))
            + Self.collection([Self.ra2], at: Fixture.daysAgo(2), content: "RA-2 reworded")
            + [failingLab]
        let run = Fixture.run([firmware], records)
        #expect(run.controls.first?.results.map(\.status) == [.fail], "RA-1 covers nothing any more")
        let withdrawn = try #require(acceptance(run, "RA-1"))
        #expect(withdrawn.statusName == "withdrawn")
        #expect(withdrawn.withdrawnAt == Fixture.daysAgo(5))
        #expect(withdrawn.reasons.isEmpty && !withdrawn.isActive)
        #expect(withdrawn.detail == "withdrawn 2026-11-15: risks.yaml as collected then no longer lists it")
        #expect(acceptance(run, "RA-2")?.isActive == true)
        #expect(run.acceptances.map(\.id) == ["RA-2", "RA-1"], "the register's entries, then the withdrawn ones")
    }

    @Test func anEmptyCollectionWithdrawsEverythingTheFileListed() {
        let records =
            Self.collection([Self.ra1, Self.ra2], at: Fixture.daysAgo(10))
            + Self.collection([], at: Fixture.daysAgo(5)) + [failingLab]
        let run = Fixture.run([firmware], records)
        #expect(run.acceptances.map(\.statusName) == ["withdrawn", "withdrawn"])
        #expect(run.controls.first?.results.map(\.status) == [.fail])
    }

    @Test func beforeTheNewerCollectionTheOlderOneStillHolds() {
        let records =
            Self.collection([Self.ra1], at: Fixture.daysAgo(10)) + Self.collection([], at: Fixture.daysAgo(5))
            + [Fixture.device("lab-3", "Board", flags: [], at: Fixture.daysAgo(8))]
        let past = Fixture.run([firmware], records, at: Fixture.daysAgo(6))
        #expect(past.controls.first?.results.map(\.status) == [.accepted])
        #expect(acceptance(past, "RA-1")?.isActive == true)
    }

    @Test func aCorrectedFileCollectedAgainAtTheSameTimeReplacesTheFirst() {
        let records =
            Self.collection([Self.ra1], at: Fixture.daysAgo(5))
            + Self.collection([], at: Fixture.daysAgo(5), content: "corrected") + [failingLab]
        #expect(Fixture.run([firmware], records).acceptances.first?.withdrawnAt == Fixture.daysAgo(5))
    }

    @Test func anAcceptanceTwoFilesListStaysUntilBothDropIt() {
        let both =
            Self.collection([Self.ra1], at: Fixture.daysAgo(10))
            + Self.collection([Self.ra1], of: "other.yaml", at: Fixture.daysAgo(8))
        let oneDrops = both + Self.collection([], of: "other.yaml", at: Fixture.daysAgo(4)) + [failingLab]
        #expect(Fixture.run([firmware], oneDrops).controls.first?.results.map(\.status) == [.accepted])
        let bothDrop = oneDrops + Self.collection([], at: Fixture.daysAgo(2))
        #expect(
            acceptance(Fixture.run([firmware], bothDrop), "RA-1")?.withdrawnAt == Fixture.daysAgo(4),
            "its newest record came from other.yaml, which dropped it first")
    }

    @Test func waiversOfAnotherCollectorAreAnotherDocument() {
        let records =
            Self.collection([Self.ra1], at: Fixture.daysAgo(10))
            + Self.collection([], of: "risks.yaml", collector: "inspec", at: Fixture.daysAgo(5)) + [failingLab]
        #expect(acceptance(Fixture.run([firmware], records), "RA-1")?.isActive == true)
    }

    @Test func entriesCollectedWithoutADocumentRecordAreReadOneByOneUntilTheirFileIsCollectedAgain() {
        // The fixtures' acceptances have no `register` record: stored before registers were documents.
        let legacy = Fixture.acceptance("RA-1", control: "FW-02", subjects: ["host:lab-3"])
        #expect(Fixture.run([firmware], [legacy, failingLab]).controls.first?.results.map(\.status) == [.accepted])
        let replaced =
            [legacy, failingLab]
            + Self.collection(
                [], of: legacy.source.name, collector: legacy.collector,
                at: Fixture.daysAgo(5))
        let run = Fixture.run([firmware], replaced)
        #expect(run.controls.first?.results.map(\.status) == [.fail])
        #expect(run.acceptances.first?.withdrawnAt == Fixture.daysAgo(5))
    }

    // MARK: Assets

    @Test func anAssetLeftOutOfTheNewestInventoryLeavesScopeAndItsEvidenceIsUnknown() {
        let scoped = Fixture.scopedFirmwareControl
        let web = Fixture.asset("host:web-1")
        let lab = Fixture.asset("host:lab-9")
        let inventories =
            Self.collection([web, lab], of: "assets.yaml", collector: "assets", at: Fixture.daysAgo(10))
            + Self.collection([web], of: "assets.yaml", collector: "assets", at: Fixture.daysAgo(5))
        let device = Fixture.device("web-1", "UEFI", at: Fixture.daysAgo(8))
        let before = Fixture.run([scoped], inventories + [device], at: Fixture.daysAgo(6))
        #expect(before.controls.first?.results.map(\.subject) == ["host:lab-9", "host:web-1"])
        #expect(before.scopeGaps.map(\.gap) == [.noEvidence])

        let after = Fixture.run([scoped], inventories + [device])
        #expect(after.controls.first?.results.map(\.subject) == ["host:web-1"])
        #expect(after.scopeGaps.isEmpty, "its old inventory entries are not evidence about it")
        let late = Fixture.run([scoped], inventories + [device, Fixture.device("lab-9", "UEFI")])
        #expect(late.scopeGaps.map(\.gap) == [.unknownSubject])
        #expect(late.scopeGaps.first?.reason.hasPrefix("1 record (firmware.device)") == true)
    }

    @Test func theInventoriedSubjectsAreThoseOfTheNewestCollections() {
        let inventories =
            Self.collection(
                [Fixture.asset("host:a"), Fixture.asset("host:b")], of: "assets.csv",
                collector: "assets", at: Fixture.daysAgo(10))
            + Self.collection([Fixture.asset("host:a")], of: "assets.csv", collector: "assets", at: Fixture.daysAgo(5))
        #expect(Evaluator.inventoriedSubjects(in: inventories, at: Fixture.now) == ["host:a"])
        #expect(Evaluator.inventoriedSubjects(in: inventories, at: Fixture.daysAgo(7)) == ["host:a", "host:b"])
    }
}
