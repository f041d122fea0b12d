import EvidenceModel
import Foundation
import Testing
import VigilTestSupport

@testable import Collectors

struct RiskRegisterCollectorTests {
    let collector = RiskRegisterCollector()

    @Test func registerYieldsOneDeclaredAcceptancePerEntry() throws {
        let records = try CollectorHarness.records(collector, fixture: "risk-register.yaml").filter { $0.kind != "register" }
        #expect(records.map(\.subject) == ["risk:RA-7", "risk:RA-12"])
        #expect(
            records.allSatisfy { $0.kind == "risk.acceptance" && $0.origin == .declared && $0.collector == "risks" })
        #expect(records.allSatisfy { $0.observedAt == CollectorHarness.observedAt })
    }

    @Test func entryIsNormalizedToTheKeysTheEngineReads() throws {
        let record = try #require(try CollectorHarness.records(collector, fixture: "risk-register.yaml").first)
        let expected: [String: JSONValue] = [
            "id": "RA-7", "control": "FW-02", "subjects": ["host:lab-3"],
            "reason": "vendor ships no fix for this board", "owner": "infra-lead@example.net",
            "approved_by": "ciso@example.net", "accepted_at": "2026-01-10T00:00:00Z",
            "expires_at": "2026-04-10T00:00:00Z",
            "extensions": [
                [
                    "at": "2026-04-09T00:00:00Z", "expires_at": "2026-07-10T00:00:00Z", "by": "ciso@example.net",
                    "reason": "vendor promised Q3",
                ]
            ],
        ]
        #expect(record.data == expected)
    }

    @Test func rfc3339StringsAreReadWithTheirOffsetAndWrittenInUTC() throws {
        let record = try #require(try CollectorHarness.records(collector, fixture: "risk-register.yaml").dropLast().last)
        #expect(record.data["accepted_at"] == "2026-02-01T09:30:00Z")
        #expect(record.data["expires_at"] == "2026-05-01T07:30:00Z")
        #expect(record.data["subjects"]?.arrayValue?.count == 2)
    }

    @Test func yamlDateAndQuotedDateStringMeanTheSameInstant() throws {
        let plain = try CollectorHarness.records(
            collector, text: Self.entry(accepted: "2026-01-10"), fileName: "r.yaml")
        let quoted = try CollectorHarness.records(
            collector, text: Self.entry(accepted: "\"2026-01-10\""), fileName: "r.yaml")
        #expect(plain.first?.data["accepted_at"] == "2026-01-10T00:00:00Z")
        #expect(plain.first?.data == quoted.first?.data)
    }

    @Test func absentApproverReasonOwnerAndExtensionsAreLeftOutOrEmpty() throws {
        let record = try #require(try CollectorHarness.records(collector, text: Self.entry(), fileName: "r.yaml").first)
        #expect(record.data["approved_by"] == nil)
        #expect(record.data["reason"] == nil)
        #expect(record.data["owner"] == nil)
        #expect(record.data["extensions"] == [])
    }

    @Test func emptyApproverIsLeftOut() throws {
        let text = Self.entry() + "  approved_by: \"\"\n"
        let record = try #require(try CollectorHarness.records(collector, text: text, fileName: "r.yaml").first)
        #expect(record.data["approved_by"] == nil)
    }

    @Test func theRegisterIsOneDocumentNamedByItsFile() throws {
        let records = try CollectorHarness.records(collector, fixture: "risk-register.yaml")
        let document = try #require(records.last)
        #expect(document.kind == "register")
        #expect(document.subject == "register:risks/risk-register.yaml")
        #expect(document.origin == .declared && document.collector == "risks")
        #expect(document.data == ["entry_kind": "risk.acceptance", "entries": 2])
        #expect(records.allSatisfy { $0.source == document.source && $0.observedAt == document.observedAt })
    }

    @Test func anEmptyListYieldsOnlyTheDocumentSoItCanWithdrawEverything() throws {
        let records = try CollectorHarness.records(collector, text: "[]\n", fileName: "r.yaml")
        #expect(records.map(\.kind) == ["register"])
        #expect(records.first?.data["entries"] == 0)
    }

    @Test func sameRegisterTwiceGivesTheSameRecordIds() throws {
        let first = try CollectorHarness.records(collector, fixture: "risk-register.yaml").map(\.id)
        let second = try CollectorHarness.records(collector, fixture: "risk-register.yaml").map(\.id)
        #expect(first == second)
    }

    @Test func anExtensionDatedAfterTheRegistersObservationIsRejectedNamingIt() throws {
        let text =
            Self.entry() + "  extensions:\n    - {at: 2026-11-20T06:00:00Z, expires_at: 2027-01-01}\n"
            + "    - {at: 2026-12-20, expires_at: 2027-02-28}\n"
        let failure = CollectorHarness.failure(collector, text: text, fileName: "r.yaml")
        #expect(
            failure
                == CollectionFailure(
                    file: "r.yaml", location: "[0].extensions[1].at",
                    reason: "acceptance RA-1: extension 2 (at 2026-12-20T00:00:00Z, expires_at 2027-02-28T00:00:00Z) is dated "
                        + "after the register's observed_at 2026-11-20T06:00:00Z; record an extension once it is granted"))
        // One granted at the very moment the register was observed counts.
        let granted = Self.entry() + "  extensions:\n    - {at: 2026-11-20T06:00:00Z, expires_at: 2027-01-01}\n"
        #expect(try CollectorHarness.records(collector, text: granted, fileName: "r.yaml").count == 2)
    }

    @Test func givenSubjectIsIgnoredBecauseEveryEntryNamesItsOwn() throws {
        let records = try CollectorHarness.records(collector, text: Self.entry(), fileName: "r.yaml", subject: "host:x")
        #expect(records.first?.subject == "risk:RA-1")
    }

    // MARK: Malformed input

    /// A minimal valid entry; tests append or replace fields.
    static func entry(id: String = "RA-1", accepted: String = "2026-01-10", expires: String = "2026-04-10") -> String {
        "- id: \(id)\n  control: FW-02\n  subjects: [host:lab-3]\n  accepted_at: \(accepted)\n  expires_at: \(expires)\n"
    }

    static let malformed: [MalformedInput] = [
        MalformedInput(name: "empty file", text: "", location: "line 1", reason: "empty file"),
        MalformedInput(name: "comments only", text: "# nothing yet\n", location: "line 1", reason: "empty YAML document"),
        MalformedInput(
            name: "object form", text: "acceptances:\n  - id: RA-1\n", location: "line 1",
            reason: "expected a list of risk acceptances (`- id: RA-1 …`), found mapping"),
        MalformedInput(
            name: "entry is a string", text: entry() + "- RA-2\n", location: "[1]",
            reason: "expected a mapping, found string"),
        MalformedInput(
            name: "missing id",
            text: "- control: FW-02\n  subjects: [host:a]\n  accepted_at: 2026-01-01\n  expires_at: 2026-02-01\n",
            location: "[0]", reason: "missing required field 'id'"),
        MalformedInput(
            name: "missing control",
            text: "- id: RA-1\n  subjects: [host:a]\n  accepted_at: 2026-01-01\n  expires_at: 2026-02-01\n",
            location: "[0]", reason: "missing required field 'control'"),
        MalformedInput(
            name: "missing subjects",
            text: "- id: RA-1\n  control: FW-02\n  accepted_at: 2026-01-01\n  expires_at: 2026-02-01\n",
            location: "[0]", reason: "missing required field 'subjects'"),
        MalformedInput(
            name: "missing expires_at",
            text: "- id: RA-1\n  control: FW-02\n  subjects: [host:a]\n  accepted_at: 2026-01-01\n",
            location: "[0]", reason: "missing required field 'expires_at'"),
        MalformedInput(
            name: "empty subjects", text: entry().replacingOccurrences(of: "[host:lab-3]", with: "[]"),
            location: "[0].subjects", reason: "must list at least one subject"),
        MalformedInput(
            name: "subjects is a string", text: entry().replacingOccurrences(of: "[host:lab-3]", with: "host:lab-3"),
            location: "[0].subjects", reason: "expected a list, found string"),
        MalformedInput(
            name: "bad subject", text: entry().replacingOccurrences(of: "[host:lab-3]", with: "[host:a, lab-3]"),
            location: "[0].subjects[1]",
            reason: "subject 'lab-3' must start with one of host:, key:, credential:, domain:, cert:, risk:, asset:, register:, document:, source:"),
        MalformedInput(
            name: "impossible month", text: entry(id: "RA-1") + entry(id: "RA-2", expires: "2026-13-01"),
            location: "[1].expires_at", reason: "'2026-13-01' is not an RFC 3339 date"),
        MalformedInput(
            name: "US date", text: entry(accepted: "01/10/2026"), location: "[0].accepted_at",
            reason: "'01/10/2026' is not an RFC 3339 date"),
        MalformedInput(
            name: "date without zone", text: entry(accepted: "\"2026-01-10T10:00:00\""), location: "[0].accepted_at",
            reason: "'2026-01-10T10:00:00' is not an RFC 3339 date"),
        MalformedInput(
            name: "expiry before acceptance", text: entry(accepted: "2026-05-01", expires: "2026-04-10"),
            location: "[0].expires_at",
            reason: "expires (2026-04-10T00:00:00Z) before it was accepted (2026-05-01T00:00:00Z)"),
        MalformedInput(
            name: "control is a list",
            text: entry().replacingOccurrences(of: "control: FW-02", with: "control: [FW-02]"),
            location: "[0].control", reason: "expected string, found list"),
        MalformedInput(
            name: "owner is a boolean", text: entry() + "  owner: yes\n", location: "[0].owner",
            reason: "expected string, found boolean"),
        MalformedInput(
            name: "misspelt field", text: entry() + "  expires: 2026-04-10\n", location: "[0].expires",
            reason:
                "unknown field 'expires' (known: id, control, subjects, reason, owner, approved_by, accepted_at, expires_at, extensions)"
        ),
        MalformedInput(
            name: "extension without expiry", text: entry() + "  extensions:\n    - {at: 2026-04-01, by: ciso}\n",
            location: "[0].extensions[0]", reason: "missing required field 'expires_at'"),
        MalformedInput(
            name: "extension with a bad date",
            text: entry() + "  extensions:\n    - {at: 2026-04-01, expires_at: soon}\n",
            location: "[0].extensions[0].expires_at", reason: "'soon' is not an RFC 3339 date"),
        MalformedInput(
            name: "extensions is a mapping", text: entry() + "  extensions: {at: 2026-04-01}\n",
            location: "[0].extensions", reason: "expected a list, found mapping"),
        MalformedInput(
            name: "duplicate id", text: entry(id: "RA-1") + entry(id: "RA-2") + entry(id: "RA-1"),
            location: "[2].id", reason: "duplicate id 'RA-1' (also at [0])"),
        MalformedInput(
            name: "empty id", text: entry(id: "\"\""), location: "[0].id", reason: "must not be empty"),
        MalformedInput(
            name: "id with a control character", text: entry(id: "\"RA\\t1\""), location: "[0].id",
            reason: "subject contains a tab (U+0009) at character 8"),
        MalformedInput(
            name: "list as a key", text: "- {[id]: RA-1}\n", location: "[0]", reason: "keys must be strings, found list"
        ),
        MalformedInput(
            name: "duplicate key in one entry", text: entry() + "  control: FW-03\n", location: "line 2, column 3",
            reason: "duplicate key 'control' in one mapping"),
    ]

    @Test(arguments: malformed)
    func malformedRegisterIsRejectedNamingThePlaceAndReason(_ example: MalformedInput) {
        let failure = CollectorHarness.failure(collector, text: example.text, fileName: "risks.yaml")
        #expect(failure == CollectionFailure(file: "risks.yaml", location: example.location, reason: example.reason))
    }

    @Test func truncatedYAMLNamesTheLine() {
        let text = Self.entry() + "  extensions:\n    - {at: 2026-04-01, expires_at: 2026-05-01\n"
        let failure = CollectorHarness.failure(collector, text: text, fileName: "risks.yaml")
        #expect(failure?.location.hasPrefix("line ") == true)
        #expect(failure?.location != "line 1")
    }

    @Test func badIndentationNamesItsLine() {
        let text = "- id: RA-1\n  control: FW-02\n bad: indent\n"
        let failure = CollectorHarness.failure(collector, text: text, fileName: "risks.yaml")
        #expect(failure?.location == "line 3, column 2")
    }

    @Test func binaryFileIsRejectedAsNotUTF8() {
        let failure = CollectorHarness.failure(
            collector, bytes: Data([0x2D, 0x20, 0xC3, 0x28]), fileName: "risks.yaml")
        #expect(failure?.location == "byte 2")
    }
}
