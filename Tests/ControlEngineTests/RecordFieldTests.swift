import EvidenceModel
import Foundation
import Testing

@testable import ControlEngine

/// `field` reaches the record's own fields (DESIGN §12): data first, then the record; `record.NAME` skips the data.
struct RecordFieldTests {
    let record = EvidenceRecord(
        kind: "firmware.device", subject: "host:web-01", observedAt: Fixture.daysAgo(3), collector: "fwupd",
        origin: .observed, source: EvidenceSource(name: "web-01.json", sha256: String(repeating: "a", count: 64)),
        data: ["Name": "UEFI", "kind": "shadowing data", "note": nil])

    @Test(arguments: [
        ("observed_at", JSONValue.string(Timestamp.format(Fixture.daysAgo(3)))),
        ("origin", "observed"), ("subject", "host:web-01"), ("collector", "fwupd"),
        ("source.name", "web-01.json"), ("source.sha256", .string(String(repeating: "a", count: 64))),
        ("record.kind", "firmware.device"), ("record.observed_at", .string(Timestamp.format(Fixture.daysAgo(3)))),
    ])
    func aFieldTheDataLacksIsTheRecordsOwn(path: String, expected: JSONValue) {
        #expect(RecordField.value(path, in: record) == expected)
    }

    @Test func theDataComesFirstAndRecordDotAlwaysMeansTheRecord() {
        #expect(RecordField.value("kind", in: record) == "shadowing data")
        #expect(RecordField.value("record.kind", in: record) == "firmware.device")
        #expect(RecordField.value("Name", in: record) == "UEFI")
    }

    @Test func aNullOrAbsentFieldIsMissingUnlessTheRecordHasIt() {
        #expect(RecordField.value("note", in: record) == nil)
        #expect(RecordField.value("Vendor", in: record) == nil)
        #expect(RecordField.value("record.Name", in: record) == nil)
    }

    @Test func maxAgeOnObservedAtJudgesTheObservationTime() {
        let check = MaxAgeCheck(field: "observed_at", max: EvidenceDuration(days: 30))
        #expect(check.judge([record], at: Fixture.now) == .pass("observed_at 3 days old (max 30d)"))
        #expect(check.judge([record], at: Fixture.daysAgo(-40)).status == .fail)
    }

    @Test func expectOnOriginTellsObservedFromDeclared() {
        let check = ExpectCheck(clauses: [ExpectClause(field: "origin", .equals("observed"))])
        #expect(check.judge([record], at: Fixture.now) == .pass(#"origin is "observed""#))
        let declared = Fixture.record("firmware.device", "host:web-01", origin: .declared)
        #expect(check.judge([declared], at: Fixture.now) == .fail(#"origin is "declared", not "observed""#))
    }

    @Test func anUnknownRecordFieldIsAControlFileError() {
        let issues = ControlLoader.load(
            yaml: """
                - id: X-1
                  title: t
                  severity: low
                  evidence: key
                  check: {type: max_age, field: record.observed, max: 30d}
                - id: X-2
                  title: t
                  severity: low
                  evidence: key
                  check:
                    type: expect
                    all: [{field: record.source, exists: true}]
                """, file: "x.yaml"
        ).issues
        let known = "(record fields: kind, subject, observed_at, collector, origin, source.name, source.sha256, logged_at)"
        #expect(
            issues.map(\.description) == [
                "x.yaml: control X-1: field 'check.field': 'observed' is not a record field \(known)",
                "x.yaml: control X-2: field 'check.all[0].field': 'source' is not a record field \(known)",
            ])
    }

    @Test func checksNameTheFieldsTheyRead() {
        #expect(MaxAgeCheck(field: "observed_at", max: EvidenceDuration(days: 1)).fields == ["observed_at"])
        let expect = ExpectCheck(clauses: [ExpectClause(field: "a", .exists(true)), ExpectClause(field: "b.c", .equals(1))])
        #expect(expect.fields == ["a", "b.c"])
        #expect(FirmwareUpdatableCheck().fields.isEmpty)
    }
}
