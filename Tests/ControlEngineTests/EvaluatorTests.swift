import EvidenceModel
import Foundation
import Testing

@testable import ControlEngine

struct EvaluatorTests {
    let firmware = Fixture.firmwareControl

    private func results(
        _ control: Control, _ records: [EvidenceRecord], at instant: Date = Fixture.now
    )
        -> [SubjectResult]
    {
        Array(Fixture.run([control], records, at: instant).controls.first?.results ?? [])
    }

    @Test func theNewestCollectionReplacesOlderOnes() {
        let records = [
            Fixture.device("a", "UEFI", flags: [], at: Fixture.daysAgo(5)),
            Fixture.device("a", "UEFI", at: Fixture.daysAgo(1)),
            Fixture.device("a", "NVMe", at: Fixture.daysAgo(1)),
        ]
        let result = results(firmware, records)
        #expect(result.map(\.status) == [.pass])
        #expect(result.first?.reason == "all 2 devices updatable")
        #expect(result.first?.evidence == records.dropFirst().map(\.id))
    }

    @Test func aLaterStoredInputWithTheSameObservationTimeReplacesTheEarlierOne() {
        func fromSource(_ record: EvidenceRecord, _ sha: Character) -> EvidenceRecord {
            EvidenceRecord(
                kind: record.kind, subject: record.subject, observedAt: record.observedAt, collector: record.collector,
                origin: record.origin, source: EvidenceSource(name: "a.json", sha256: String(repeating: sha, count: 64)),
                data: record.data)
        }
        let first = fromSource(Fixture.device("a", "UEFI", flags: [], at: Fixture.daysAgo(1)), "1")
        let corrected = fromSource(Fixture.device("a", "UEFI", at: Fixture.daysAgo(1)), "2")
        #expect(results(firmware, [first, corrected]).map(\.status) == [.pass])
        #expect(results(firmware, [corrected, first]).map(\.status) == [.fail])
    }

    @Test func anOlderFailureNoLongerCountsOnceANewerCollectionPasses() {
        let records = [
            Fixture.device("a", "UEFI", at: Fixture.daysAgo(5)),
            Fixture.device("a", "UEFI", flags: [], at: Fixture.daysAgo(1)),
        ]
        #expect(results(firmware, records).map(\.status) == [.fail])
    }

    @Test func evidenceAfterTheInstantIsIgnoredSoThePastIsReauditedExactly() {
        let records = [
            Fixture.device("a", "UEFI", flags: [], at: Fixture.daysAgo(20)),
            Fixture.device("a", "UEFI", at: Fixture.daysAgo(1)),
            Fixture.device("b", "UEFI", at: Fixture.daysAgo(2)),
        ]
        let past = results(firmware, records, at: Fixture.daysAgo(10))
        #expect(past.map(\.subject) == ["host:a"])
        #expect(past.map(\.status) == [.fail])
        #expect(results(firmware, records).map(\.status) == [.pass, .pass])
    }

    @Test func observedOriginIgnoresDeclaredEvidence() {
        let control = Fixture.control(
            """
            - id: FW-03
              title: T
              severity: low
              evidence: firmware.device
              origin: observed
              check: {type: firmware_updatable}
            """)
        let declared = Fixture.record(
            EvidenceKind.firmwareDevice, "host:a", at: Fixture.daysAgo(1), origin: .declared,
            ["Name": "UEFI", "Version": "1", "Flags": ["updatable"]])
        let observed = Fixture.device("a", "UEFI", flags: [], at: Fixture.daysAgo(3))
        #expect(results(control, [declared, observed]).map(\.status) == [.fail])
        #expect(results(control, [declared]).isEmpty)
        #expect(results(firmware, [declared, observed]).map(\.status) == [.pass])
    }

    @Test func evidenceOlderThanFreshnessIsStaleEvenWhenItWouldPass() {
        let control = Fixture.control(
            """
            - id: FW-04
              title: T
              severity: low
              evidence: firmware.device
              freshness: 7d
              check: {type: firmware_updatable}
            """)
        let result = results(control, [Fixture.device("a", "UEFI", at: Fixture.daysAgo(63))])
        #expect(result.map(\.status) == [.stale])
        #expect(result.first?.reason == "newest evidence 63 days old (freshness 7d)")
        #expect(results(control, [Fixture.device("a", "UEFI", at: Fixture.daysAgo(6))]).map(\.status) == [.pass])
    }

    @Test func inScopeSubjectsWithoutEvidenceAreMissing() {
        let control = Fixture.control(
            """
            - id: FW-05
              title: T
              severity: low
              evidence: firmware.device
              scope: {kind: asset, type: host, tags: [prod]}
              check: {type: firmware_updatable}
            """)
        let records = [
            Fixture.asset("host:a"), Fixture.asset("host:b"), Fixture.asset("host:dev", tags: ["dev"]),
            Fixture.asset("host:off", inScope: false), Fixture.asset("key:k", type: "key"),
            Fixture.device("a", "UEFI"), Fixture.device("stray", "UEFI"),
        ]
        let result = results(control, records)
        #expect(result.map(\.subject) == ["host:a", "host:b"])
        #expect(result.map(\.status) == [.pass, .missing])
        #expect(result.last?.reason == "no firmware.device evidence")
    }

    @Test func withoutAScopeEverySubjectWithEvidenceIsJudgedSortedBySubject() {
        let records = [Fixture.device("c", "UEFI"), Fixture.device("a", "UEFI"), Fixture.device("b", "UEFI")]
        #expect(results(firmware, records).map(\.subject) == ["host:a", "host:b", "host:c"])
    }

    @Test func eachEventInTheWindowIsJudgedAndTheWorstWinsNamingIt() {
        let control = Fixture.control(
            """
            - id: DV-01
              title: T
              severity: high
              evidence: validation.result
              window: 30d
              check:
                type: expect
                all: [{field: outcome, equals: valid}]
            """)
        let failing = Fixture.record("validation.result", "domain:x.test", at: Fixture.daysAgo(10), ["outcome": "invalid"])
        let records = [
            Fixture.record("validation.result", "domain:x.test", at: Fixture.daysAgo(40), ["outcome": "invalid"]),
            failing,
            Fixture.record("validation.result", "domain:x.test", at: Fixture.daysAgo(2), ["outcome": "valid"]),
        ]
        let result = results(control, records)
        #expect(result.map(\.status) == [.fail])
        #expect(
            result.first?.reason == "1 of 2 judged fail (2 events in the last 30d); worst: event at "
                + "2026-11-10T00:00:00Z: outcome is \"invalid\", not \"valid\"")
        #expect(result.first?.evidence == [failing.id])
        #expect(results(control, Array(records.dropFirst(2))).map(\.status) == [.pass])
    }

    @Test func aSubjectWhoseEventsAllLieBeforeTheWindowIsStale() {
        let control = Fixture.control(
            """
            - id: DV-02
              title: T
              severity: high
              evidence: validation.result
              check: {type: expect, all: [{field: outcome, equals: valid}]}
            """)
        let old = Fixture.record("validation.result", "domain:x.test", at: Fixture.daysAgo(120), ["outcome": "valid"])
        let result = results(control, [old])
        #expect(result.map(\.status) == [.stale])
        #expect(result.first?.reason == "no validation.result event in the last 90d (newest 120 days old)")
    }

    @Test func aControlsStatusIsItsWorstSubjectsInTheDesignOrder() {
        let control = Fixture.control(
            """
            - id: FW-06
              title: T
              severity: low
              evidence: firmware.device
              scope: {kind: asset, type: host}
              freshness: 30d
              check: {type: firmware_updatable}
            """)
        let pass = Fixture.device("a", "UEFI")
        let stale = Fixture.device("b", "UEFI", at: Fixture.daysAgo(40))
        let fail = Fixture.device("c", "UEFI", flags: [])
        let assets = ["host:a", "host:b", "host:c", "host:d"].map { Fixture.asset($0) }
        func status(_ records: [EvidenceRecord]) -> Status? { Fixture.run([control], records).controls.first?.status }
        #expect(status(assets + [pass, stale, fail]) == .fail)
        #expect(status(assets + [pass, stale]) == .missing)
        #expect(status(Array(assets.prefix(2)) + [pass, stale]) == .stale)
        #expect(status(Array(assets.prefix(1)) + [pass]) == .pass)
        #expect(status([]) == .notApplicable)
    }

    @Test func controlsKeepTheirLoadOrder() {
        let loaded = ControlLoader.load(
            yaml: """
                - {id: Z-1, title: T, severity: low, evidence: firmware.device, check: {type: firmware_updatable}}
                - {id: A-1, title: T, severity: low, evidence: firmware.device, check: {type: firmware_updatable}}
                """, file: "t.yaml")
        #expect(Fixture.run(loaded.controls, []).controls.map(\.id) == ["Z-1", "A-1"])
    }

    @Test func aControlWhoseCheckCannotBeBuiltIsAnErrorNotACrash() {
        let control = Control(
            id: "X-1", title: "T", severity: .low, evidence: ["certificate"],
            check: CheckSpec(type: "issuer_diversity"))
        let result = Fixture.run([control], [Fixture.record("certificate", "cert:a")]).controls.first
        #expect(result?.status == .error)
        #expect(result?.error == "check cannot be evaluated: check.within: required but missing")
    }

    @Test func theRunCarriesTheInstantAndCheckpoint() {
        let checkpoint = CheckpointSummary(origin: "vigil.test/log", size: 3, rootHash: "abc=")
        let run = Evaluator(controls: []).evaluate(records: [], at: Fixture.now, checkpoint: checkpoint)
        #expect(run.asOf == Fixture.now)
        #expect(run.checkpoint == checkpoint)
    }
}
