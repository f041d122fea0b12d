import EvidenceModel
import Foundation
import Testing

@testable import ControlEngine

/// Lint's warning about a `field` that no stored record of the control's kinds has.
struct FieldCoverageTests {
    static let control = Fixture.control(
        """
        - id: FW-12
          title: T
          severity: low
          evidence: [firmware.device, firmware.security]
          check:
            type: expect
            all: [{field: Versoin, exists: true}, {field: Version, exists: true}, {field: origin, equals: observed},
                  {field: Vendor, exists: false}]
        """)

    private func warnings(_ records: [EvidenceRecord], control: Control = Self.control) -> [String] {
        FieldCoverage.warnings(for: [control]) { kind in records.filter { $0.kind == kind } }.map(\.description)
    }

    @Test func aFieldNoRecordOfTheKindsHasIsNamedWithTheKindsLookedAt() {
        let records = [Fixture.device("a", "UEFI"), Fixture.device("b", "UEFI")]
        #expect(
            warnings(records) == [
                "test.yaml: control FW-12: field 'check': field 'Versoin' is in no stored firmware.device, firmware.security "
                    + "record (looked at 2 records): misspelt?"
            ])
    }

    @Test func oneRecordHavingTheFieldIsEnough() {
        let records = [Fixture.device("a", "UEFI"), Fixture.device("b", "UEFI", extra: ["Versoin": "1"])]
        #expect(warnings(records).isEmpty)
    }

    @Test func withoutRecordsOfTheKindsThereIsNothingToTell() {
        #expect(warnings([Fixture.record("key", "key:a", ["Versoin": "x"])]).isEmpty)
    }

    @Test func anObservedControlLooksOnlyAtObservedRecords() {
        let control = Fixture.control(
            """
            - id: FW-13
              title: T
              severity: low
              evidence: firmware.device
              origin: observed
              check: {type: max_age, field: scanned_at, max: 1d}
            """)
        let declared = Fixture.record(EvidenceKind.firmwareDevice, "host:a", origin: .declared, ["scanned_at": "2026-11-19T00:00:00Z"])
        #expect(
            warnings([declared, Fixture.device("a", "UEFI")], control: control) == [
                "test.yaml: control FW-13: field 'check': field 'scanned_at' is in no stored firmware.device record "
                    + "(looked at 1 record): misspelt?"
            ])
    }
}
