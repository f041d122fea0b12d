import EvidenceModel
import Foundation
import Testing

@testable import ControlEngine

struct ExpectCheckTests {
    let data: [String: JSONValue] = [
        "Flags": ["updatable", nil, "internal"], "Version": "1.2.3", "Battery": 40,
        "scan": ["finished_at": "2026-11-19T00:00:00Z", "org.fwupd.hsi.Tpm": "valid"],
    ]

    private func holds(_ clause: ExpectClause) -> Bool { clause.evaluate(Fixture.record("device", "host:a", data)).holds }

    @Test(arguments: [
        ExpectClause(field: "Version", .equals("1.2.3")),
        ExpectClause(field: "Version", .notEquals("1.0")),
        ExpectClause(field: "Version", .isIn(["1.2.3", "1.2.4"])),
        ExpectClause(field: "Flags", .contains("updatable")),
        ExpectClause(field: "Version", .contains("2.")),
        ExpectClause(field: "Version", .matches(#"^1\.\d+\.3$"#)),
        ExpectClause(field: "Battery", .greaterOrEqual(40)),
        ExpectClause(field: "Battery", .lessOrEqual(40)),
        ExpectClause(field: "scan.finished_at", .greaterOrEqual("2026-11-18T21:00:00-02:00")),
        ExpectClause(field: "scan.org.fwupd.hsi.Tpm", .equals("valid")),
        ExpectClause(field: "Version", .exists(true)),
        ExpectClause(field: "Vendor", .exists(false)),
    ])
    func clausesThatMatchTheDataHold(clause: ExpectClause) {
        #expect(holds(clause))
    }

    @Test(arguments: [
        ExpectClause(field: "Version", .equals("1.0")),
        ExpectClause(field: "Version", .notEquals("1.2.3")),
        ExpectClause(field: "Version", .isIn(["1.0"])),
        ExpectClause(field: "Flags", .contains("signed")),
        ExpectClause(field: "Version", .matches("^2")),
        ExpectClause(field: "Battery", .greaterOrEqual(41)),
        ExpectClause(field: "Battery", .lessOrEqual(39)),
        ExpectClause(field: "scan.finished_at", .lessOrEqual("2026-11-18T00:00:00Z")),
        ExpectClause(field: "Version", .exists(false)),
        ExpectClause(field: "Vendor", .exists(true)),
        ExpectClause(field: "Vendor", .notEquals("x")),
    ])
    func clausesThatContradictTheDataFail(clause: ExpectClause) {
        #expect(!holds(clause))
    }

    @Test func aFailingCheckNamesTheClausesThatFailAndWhatWasFound() {
        let check = ExpectCheck(clauses: [
            ExpectClause(field: "Version", .equals("1.2.3")),
            ExpectClause(field: "Battery", .greaterOrEqual(50)),
        ])
        let verdict = check.judge([Fixture.record("device", "host:a", data)], at: Fixture.now)
        #expect(verdict == .fail("1 of 2 expectations fail: Battery is 40, below 50"))
    }

    @Test func aPassingCheckSaysWhatWasFound() {
        let check = ExpectCheck(clauses: [ExpectClause(field: "Flags", .contains("updatable"))])
        let verdict = check.judge([Fixture.record("device", "host:a", data)], at: Fixture.now)
        #expect(verdict == .pass(#"Flags contains "updatable" (found ["updatable",null,"internal"])"#))
    }

    @Test func aCheckLoadedFromYAMLEvaluatesItsClauses() throws {
        var parameters = CheckParameters([
            "all": [["field": "Battery", "gte": 30], ["field": "Version", "matches": "^1"]]
        ])
        let check = try #require(ExpectCheck(parameters: &parameters))
        #expect(parameters.problems.isEmpty)
        #expect(check.judge([Fixture.record("device", "host:a", data)], at: Fixture.now).status == .pass)
    }
}
