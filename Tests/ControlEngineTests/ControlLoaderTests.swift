import EvidenceModel
import Testing

@testable import ControlEngine

struct ControlLoaderTests {
    let file = "Controls/fw.yaml"

    private func issues(_ yaml: String) -> [ControlIssue] {
        ControlLoader.load(yaml: yaml, file: file).issues
    }

    private func control(_ body: String, id: String = "FW-01") -> String {
        "- id: \(id)\n  title: T\n  severity: high\n  evidence: firmware.device\n" + body
    }

    @Test func aCompleteControlLoadsEveryField() throws {
        let loaded = ControlLoader.load(
            yaml: """
                - id: KM-01
                  title: Keys rotate
                  description: Why it matters.
                  severity: critical
                  frameworks: {soc2: [CC6.1], nis2: ["21.2(h)"]}
                  evidence: [key, key.event]
                  scope: {kind: asset, type: key, tags: [prod]}
                  freshness: 7d
                  window: 30d
                  origin: observed
                  check: {type: max_age, field: last_rotated, max: 90d}
                """, file: file)
        #expect(loaded.issues.isEmpty)
        let control = try #require(loaded.controls.first)
        #expect(control.id == "KM-01")
        #expect(control.severity == .critical)
        #expect(control.frameworks == ["soc2": ["CC6.1"], "nis2": ["21.2(h)"]])
        #expect(control.evidence == ["key", "key.event"])
        #expect(control.scope == ControlScope(kind: "asset", type: "key", tags: ["prod"]))
        #expect(control.freshness?.text == "7d")
        #expect(control.eventWindow.text == "30d")
        #expect(control.origin == .observed)
        #expect(control.check == CheckSpec(type: "max_age", parameters: ["field": "last_rotated", "max": "90d"]))
        #expect(control.file == file)
    }

    @Test func anEventWindowDefaultsToNinetyDays() {
        let control = Fixture.firmwareControl
        #expect(control.window == nil)
        #expect(control.eventWindow.seconds == 90 * 86_400)
    }

    @Test func aBadDurationNamesFileControlAndField() {
        let found = issues(control("  freshness: 7x\n  check: {type: firmware_updatable}\n"))
        #expect(
            found == [
                ControlIssue(
                    file: file, control: "FW-01", field: "freshness",
                    reason: "'7x' is not a duration (use Nd, Nh, Nm or Nw)")
            ])
        #expect(
            found.first?.description
                == "Controls/fw.yaml: control FW-01: field 'freshness': '7x' is not a duration (use Nd, Nh, Nm or Nw)")
    }

    @Test func unknownKeysAreReportedAtControlScopeAndCheckLevel() {
        let found = issues(
            control(
                """
                  sevrity: high
                  scope: {kind: asset, colour: red}
                  check: {type: firmware_updatable, strict: true}

                """))
        #expect(found.map(\.field) == ["sevrity", "scope.colour", "check.strict"])
        #expect(found.allSatisfy { $0.control == "FW-01" && $0.file == file })
        #expect(found[0].reason.hasPrefix("unknown key"))
        #expect(found[2].reason == "unknown parameter for check type 'firmware_updatable' (it takes no parameters)")
    }

    @Test func everyMissingRequiredFieldIsReported() {
        let found = issues("- description: nothing else\n")
        #expect(found.map(\.field) == ["id", "title", "severity", "evidence", "check"])
        #expect(found.allSatisfy { $0.control == "#1" && $0.reason == "required but missing" })
    }

    @Test func aBadSeverityIsReported() {
        let found = issues("- id: A\n  title: T\n  severity: urgent\n  evidence: x\n  check: {type: firmware_updatable}\n")
        #expect(
            found == [
                ControlIssue(
                    file: file, control: "A", field: "severity",
                    reason: "'urgent' is not a severity (use low, medium, high or critical)")
            ])
    }

    @Test func anUnknownCheckTypeListsTheSupportedOnes() {
        let found = issues(control("  check: {type: magic}\n"))
        #expect(
            found == [
                ControlIssue(
                    file: file, control: "FW-01", field: "check.type",
                    reason: "unknown check type 'magic' (supported: \(CheckCatalog.supportedTypes.joined(separator: ", ")))")
            ])
    }

    @Test func everyCheckTypeOfTheContractIsImplemented() {
        let designSection5 = [
            "max_age", "expect", "key_rotation", "credential_age", "key_algorithm", "firmware_not_vulnerable",
            "firmware_updatable", "hsi", "mpic_quorum", "mpic_agreement", "ct_logged", "ari_window", "issuer_diversity",
            "issuance_justified",  // §12, issuance decision logs
            "document_current",  // §12, documents with a review cycle (issue #20)
        ]
        #expect(CheckCatalog.supportedTypes == designSection5.sorted())
    }

    @Test func checkParametersMissingOrOfTheWrongTypeAreReported() {
        let found = issues(control("  check: {type: max_age, max: soon}\n"))
        #expect(
            found == [
                ControlIssue(file: file, control: "FW-01", field: "check.field", reason: "required but missing"),
                ControlIssue(
                    file: file, control: "FW-01", field: "check.max",
                    reason: "'soon' is not a duration (use Nd, Nh, Nm or Nw)"),
            ])
        let wrongType = issues(control("  check: {type: max_age, field: [a], max: 1d}\n"))
        #expect(wrongType.map(\.reason) == ["expected a non-empty string, found array"])
    }

    @Test func expectClausesAreCheckedOneByOne() {
        let found = issues(
            control(
                """
                  check:
                    type: expect
                    all:
                      - {field: Version, equals: "1.0"}
                      - {field: Flags}
                      - {field: Version, gte: yesterday}
                      - {field: Name, matches: "("}
                      - {field: Name, exists: maybe}
                      - {field: Name, in: x}
                      - {field: Name, equals: a, contains: b}
                      - {field: Name, near: x}

                """))
        #expect(
            found.map(\.field) == [
                "check.all[1]", "check.all[2].gte", "check.all[3].matches", "check.all[4].exists", "check.all[5].in",
                "check.all[6]", "check.all[7].near", "check.all[7]",
            ])
        #expect(found[0].reason.hasSuffix("(found none)"))
        #expect(found[5].reason.hasSuffix("(found equals, contains)"))
    }

    @Test func anExpectCheckNeedsANonEmptyClauseList() {
        #expect(issues(control("  check: {type: expect, all: []}\n")).map(\.field) == ["check.all"])
        #expect(issues(control("  check: {type: expect}\n")).map(\.field) == ["check.all"])
    }

    @Test func duplicateIdsWithinAFileKeepTheFirst() {
        let body = "  check: {type: firmware_updatable}\n"
        let loaded = ControlLoader.load(yaml: control(body) + control(body), file: file)
        #expect(loaded.controls.count == 1)
        #expect(
            loaded.issues == [
                ControlIssue(
                    file: file, control: "FW-01", field: "id",
                    reason: "duplicate id 'FW-01' (first defined in Controls/fw.yaml)")
            ])
    }

    @Test func lintFindsDuplicateIdsAcrossFiles() {
        let body = control("  check: {type: firmware_updatable}\n")
        let linted = ControlLoader.lint(files: [("Controls/a.yaml", body), ("Controls/b.yaml", body)])
        #expect(linted.controls.map(\.file) == ["Controls/a.yaml"])
        #expect(
            linted.issues == [
                ControlIssue(
                    file: "Controls/b.yaml", control: "FW-01", field: "id",
                    reason: "duplicate id 'FW-01' (first defined in Controls/a.yaml)")
            ])
    }

    @Test func aYAMLSyntaxErrorNamesItsLine() throws {
        let found = issues("- id: A\n  title: [unclosed\n  severity: high\n")
        let issue = try #require(found.first)
        #expect(found.count == 1)
        #expect(issue.control == nil && issue.field == nil)
        #expect(issue.reason == "line 3, column 11: did not find expected ',' or ']' (while parsing a flow sequence)")
    }

    @Test func aKeyGivenTwiceIsReportedWithItsLine() throws {
        let issue = try #require(issues("- id: A\n  id: B\n").first)
        #expect(issue.reason.contains("line"))
        #expect(issue.reason.contains("'id'"))
    }

    @Test func aFileThatIsNotAListIsReported() {
        #expect(issues("id: A\n").map(\.reason) == ["a control file holds a list of controls, found a mapping"])
    }

    @Test func anEmptyFileHoldsNoControls() {
        let loaded = ControlLoader.load(yaml: "# nothing yet\n", file: file)
        #expect(loaded.controls.isEmpty && loaded.issues.isEmpty)
    }

    @Test func aFileWithErrorsStillYieldsItsValidControls() {
        let good = control("  check: {type: firmware_updatable}\n", id: "GOOD")
        let bad = control("  check: {type: nope}\n", id: "BAD")
        let loaded = ControlLoader.load(yaml: bad + good, file: file)
        #expect(loaded.controls.map(\.id) == ["GOOD"])
        #expect(loaded.issues.map(\.control) == ["BAD"])
    }

    @Test func badScopeOriginAndEvidenceValuesAreReported() {
        let found = issues(
            """
            - id: A
              title: T
              severity: low
              evidence: {a: b}
              origin: guessed
              scope: {kind: team, tags: prod}
              frameworks: [soc2]
              check: {type: firmware_updatable}
            """)
        #expect(found.map(\.field) == ["frameworks", "evidence", "scope.kind", "origin"])
    }
}
