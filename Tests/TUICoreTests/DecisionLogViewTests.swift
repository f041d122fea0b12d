import EvidenceModel
import Foundation
import Testing

@testable import TUICore

/// The decision log page: reached with `d` from a domain's result or its evidence, grouped by
/// ``DecisionLog`` exactly as `vigil evidence list --format text` groups it.
struct DecisionLogViewTests {
    static let subject = "domain:shop.example.org"
    static let source = EvidenceSource(name: "boulder.log", sha256: String(repeating: "b", count: 64))

    static func record(_ kind: String, _ time: String, _ data: [String: JSONValue]) -> EvidenceRecord {
        EvidenceRecord(
            kind: kind, subject: subject, observedAt: Timestamp.parse(time)!, collector: "boulder-audit",
            origin: .observed, source: source, data: data)
    }

    static let validation = record(
        "validation.result", "2026-11-28T09:14:58Z",
        [
            "check_type": "dcv", "authz_id": "7", "role": "remote", "challenge_type": "http-01", "status": "valid",
            "log": ["host": "rva-use2"],
        ])
    static let caa = record(
        "validation.result", "2026-11-28T09:15:30Z",
        [
            "check_type": "caa", "authz_id": "7", "role": "primary", "status": "invalid", "error": "CAA forbids",
            "log": ["host": "va-1"],
        ])
    static let decision = record(
        "issuance.decision", "2026-11-28T09:15:31Z",
        [
            "outcome": "successful", "id": "req-1", "requester": 8741, "authz": "7", "serial_number": "04a1",
            "identifier": ["type": "dns", "value": "shop.example.org"], "request_time": "2026-11-28T09:15:30Z",
        ])

    static var queries: FakeQueries {
        var queries = FakeQueries()
        queries.decisionRecords = [caa, decision, validation]
        let base = queries.evaluationResult
        let control = FakeQueries.summary(
            "CA-01", "Issuances are justified", frameworks: [:],
            results: [
                SubjectResult(subject: subject, status: .fail, reason: "CAA check failed", evidence: [decision.id])
            ])
        queries.evaluationResult = WorkspaceEvaluation(
            controls: base.controls + [control], scopeGaps: base.scopeGaps, acceptances: base.acceptances,
            recordCount: base.recordCount)
        return queries
    }

    @Test func rowsAreTheIssuanceThenItsInputsAsTheTextOutputGroupsThem() {
        let log = DecisionLog(subject: Self.subject, records: [Self.caa, Self.decision, Self.validation])
        let rows = DecisionLogView.rows(log).map(\.row)
        #expect(rows.map { $0.cells[1] } == ["issuance", "  request", "  validation", "  caa", "  decision"])
        #expect(rows.dropFirst().map { $0.cells[2] } == log.issuances[0].entries.map(\.text))
        #expect(rows[0].cells[2] == "Issuance 2026-11-28T09:15:31Z successful, serial 04a1")
        #expect(rows[0].status == .pass)
        #expect(rows[3].status == .fail)  // the CAA check that failed
    }

    @Test func dOnADomainResultOpensItsDecisionLog() throws {
        let (state, terminal) = try runScript(
            "/CA-01\n<Enter>\n<Enter> d\n:dump log", size: Size(columns: 120, rows: 24),
            queries: Self.queries)
        #expect(state.page == .decisionLog(subject: Self.subject))
        let screen = try #require(terminal.dump("log"))
        #expect(screen.text.contains("Issuance decisions about domain:shop.example.org, each with its inputs"))
        #expect(screen.text.contains("2026-11-28T09:14:58Z   validation  http-01 remote rva-use2: valid authz 7"))
        assertSnapshot(screen.text, named: "decision-log-120x24")
    }

    @Test func dOnADomainsEvidenceOpensItsDecisionLogToo() throws {
        let (state, _) = try runScript("/CA-01\n<Enter>\n<Enter> <Enter> d", queries: Self.queries)
        #expect(state.stack.suffix(2) == [.evidence(control: "CA-01", subject: Self.subject), .decisionLog(subject: Self.subject)])
        #expect(state.decisionLogs[.decisionLog(subject: Self.subject)]?.issuances.count == 1)
    }

    @Test func dOnAHostResultSaysDecisionLogsAreOfDomains() throws {
        let (state, _) = try runScript("<Enter> d", queries: Self.queries)
        #expect(state.page == .control(id: "FW-01"))
        #expect(state.message == "decision logs are of domain: subjects; host:web-01 is not one")
    }

    @Test func dDoesNothingOnTheControlsListAndHelpListsIt() throws {
        var state = try loadedState(Self.queries)
        #expect(KeyMap.standard.action(for: .character("d"), in: state) == nil)
        state.stack.append(.control(id: "CA-01"))
        #expect(KeyMap.standard.action(for: .character("d"), in: state) == .openDecisionLog)
        let help = HelpView.content(state).rows.map(\.cells)
        #expect(help.contains(["d", "issuance decision log of the selected domain: subject"]))
    }
}
