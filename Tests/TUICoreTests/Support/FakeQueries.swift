import EvidenceModel
import Foundation

@testable import TUICore

/// An in-memory workspace: three controls (one with a wide-character title), gaps, an acceptance, a log.
struct FakeQueries: EvidenceQuerying {
    var evaluationResult = FakeQueries.sampleEvaluation
    var recordsByID: [String: IdentifiedRecord] = Dictionary(
        uniqueKeysWithValues: FakeQueries.sampleRecords.map { ($0.id, $0) })
    /// What the decision log of a domain reads (none in the sample workspace).
    var decisionRecords: [EvidenceRecord] = []

    static let instant = Timestamp.parse("2026-11-29T12:00:00Z")!
    static let now = Timestamp.parse("2026-11-29T15:00:00Z")!

    func overview() throws -> WorkspaceOverview {
        WorkspaceOverview(
            workspace: ".vigil", instant: Self.instant, checkpointSize: 42,
            checkpointTime: Timestamp.parse("2026-11-29T12:00:00Z"), origin: "demo.vigil.example/log", now: Self.now)
    }

    func evaluation() throws -> WorkspaceEvaluation { evaluationResult }

    /// What ``preview()`` answers: none kept, unless a test sets one.
    var previewResult: EvaluationPreview?

    func preview() throws -> EvaluationPreview? { previewResult }

    func records(ids: [String]) throws -> [IdentifiedRecord] { ids.compactMap { recordsByID[$0] } }

    func history(subject: String, kind: String) throws -> [EvidenceVersion] {
        EvidenceVersion.versions(of: Self.sampleRecords.map(\.record).filter { $0.subject == subject && $0.kind == kind })
    }

    func decisionLog(subject: String) throws -> DecisionLog {
        DecisionLog(subject: subject, records: decisionRecords)
    }

    var diffResult: RunDiff?

    /// The diff set in ``diffResult``, else one where nothing changed.
    func diff(since earlier: Date) throws -> RunDiff {
        diffResult
            ?? RunDiff(
                from: .init(instant: earlier, checkpoint: nil), to: .init(instant: Self.instant, checkpoint: nil), results: [],
                gapsOpened: [], gapsClosed: [], acceptances: [], evidenceAdded: [:])
    }

    func checkpoints(limit: Int) throws -> [CheckpointEntry] {
        [
            CheckpointEntry(
                commit: "47fc6aa8d1e2", time: Self.instant, message: "collect: 2 records\n", size: 42,
                rootHash: "+E+H3KXOg+xNabc=", signers: ["demo.vigil.example/log"]),
            CheckpointEntry(
                commit: "3ebb0bd9aa00", time: Self.instant.addingTimeInterval(-86_400), message: "Initialize\n",
                size: 0, rootHash: "47DEQpj8HBSa", signers: ["demo.vigil.example/log"]),
        ].prefix(limit).map { $0 }
    }

    static func device(_ version: String, at: String, sha: String) -> IdentifiedRecord {
        IdentifiedRecord(
            EvidenceRecord(
                kind: "firmware.device", subject: "host:web-01", observedAt: Timestamp.parse(at)!, collector: "fwupd",
                origin: .observed, source: EvidenceSource(name: "web-01.devices.json", sha256: sha),
                data: ["DeviceId": "a45df35a", "Version": .string(version), "Flags": ["updatable"]]))
    }

    static let sampleRecords = [
        device("1.2.3", at: "2026-11-01T06:00:00Z", sha: String(repeating: "a", count: 64)),
        device("1.2.4", at: "2026-11-28T06:00:00Z", sha: String(repeating: "b", count: 64)),
    ]

    static func summary(_ id: String, _ title: String, frameworks: [String: [String]], results: [SubjectResult]) -> ControlSummary {
        ControlSummary(
            result: ControlResult(id: id, title: title, severity: .high, frameworks: frameworks, results: results),
            description: "Why \(id) matters.", checkType: "firmware_updatable", parameters: [.init(name: "max", value: "90d")],
            evidenceKinds: ["firmware.device"], freshness: "7d",
            newestObservation: ["host:web-01": Timestamp.parse("2026-11-28T06:00:00Z")!])
    }

    static let sampleEvaluation = WorkspaceEvaluation(
        controls: [
            summary(
                "FW-01", "System firmware can be updated", frameworks: ["soc2": ["CC7.1"], "iso27001-2022": ["A.8.8"]],
                results: [
                    SubjectResult(
                        subject: "host:web-01", status: .pass, reason: "all 1 devices updatable",
                        evidence: [sampleRecords[1].id]),
                    SubjectResult(subject: "host:lab-3", status: .fail, reason: "1 of 2 devices not updatable"),
                ]),
            summary(
                "FW-02", "固件版本 reported by every device 🔒 with a very long title that must be cut", frameworks: ["nis2": ["21.2(e)"]],
                results: [SubjectResult(subject: "host:build-01", status: .stale, reason: "newest evidence 58 days old")]),
            summary(
                "RM-01", "Risk acceptances have approvers", frameworks: ["soc2": ["CC3.4"]],
                results: [SubjectResult(subject: "risk:RA-1", status: .pass, reason: "approved")]),
        ],
        scopeGaps: [ScopeGap(subject: "asset:printer-7", gap: .uncovered, control: nil, reason: "no control covers it")],
        acceptances: [
            AcceptanceTimeline(
                review: AcceptanceReview(
                    id: "RA-3", control: "FW-01", subjects: ["host:lab-3"],
                    expiresAt: Timestamp.parse("2026-10-01"), reasons: [.expired, .overExtended],
                    extensions: 3, detail: "expired 2026-10-01; extended 3 times (max 2)"),
                reason: "vendor ships no fix", owner: "infra@example.net", approvedBy: "ciso@example.net",
                acceptedAt: Timestamp.parse("2026-01-10"), originalExpiry: Timestamp.parse("2026-04-10"),
                extensions: [
                    .init(at: Timestamp.parse("2026-04-09"), expiresAt: Timestamp.parse("2026-07-10"), by: "ciso@example.net", reason: "vendor promised Q3")
                ])
        ],
        recordCount: 2)

    static let empty = WorkspaceEvaluation(controls: [], scopeGaps: [], acceptances: [], recordCount: 0)
}

/// Runs a key script in process against the fake workspace.
func runScript(
    _ script: String, size: Size = Size(columns: 80, rows: 24), queries: FakeQueries = FakeQueries()
) throws
    -> (state: AppState, terminal: TextTerminal)
{
    var terminal = TextTerminal(size: size, script: try KeyScript(script))
    let state = Session(queries: queries).run(on: &terminal)
    return (state, terminal)
}

/// A loaded state without going through a session.
func loadedState(_ queries: FakeQueries = FakeQueries(), size: Size = Size(columns: 80, rows: 24)) throws -> AppState {
    var state = AppState()
    _ = Reducer.reduce(&state, .resized(size))
    _ = Reducer.reduce(&state, .loaded(.overview(try queries.overview())))
    _ = Reducer.reduce(&state, .loaded(.evaluation(try queries.evaluation())))
    return state
}

/// The sample workspace whose evaluation fails with `message` (an unreadable index, one that failed
/// its audit), as do its decision logs and diffs; its kept controls list is `kept`.
struct FailingQueries: EvidenceQuerying {
    struct Broken: Error, CustomStringConvertible { let description: String }
    var message = "index unreadable"
    var kept: EvaluationPreview?

    func overview() throws -> WorkspaceOverview { try FakeQueries().overview() }
    func preview() throws -> EvaluationPreview? { kept }
    func evaluation() throws -> WorkspaceEvaluation { throw Broken(description: message) }
    func records(ids: [String]) throws -> [IdentifiedRecord] { [] }
    func history(subject: String, kind: String) throws -> [EvidenceVersion] { [] }
    func decisionLog(subject: String) throws -> DecisionLog { throw Broken(description: message) }
    func checkpoints(limit: Int) throws -> [CheckpointEntry] { [] }
    func diff(since earlier: Date) throws -> RunDiff { throw Broken(description: message) }
}
