import EvidenceModel
import Foundation

/// `Fixtures.run` with what the evaluator adds for the audience formats: freshness, observation
/// times, the acceptances' histories, and a compliance history from the store.
extension Fixtures {
    static func withObservations(_ control: ControlResult, freshness: String?, observedAt: String?) -> ControlResult {
        ControlResult(
            id: control.id, title: control.title, severity: control.severity, frameworks: control.frameworks,
            results: control.results.map {
                SubjectResult(
                    subject: $0.subject, status: $0.status, reason: $0.reason, evidence: $0.evidence,
                    acceptance: $0.acceptance, observedAt: $0.evidence.isEmpty ? nil : observedAt.map(date))
            },
            error: control.error, freshness: freshness.flatMap(EvidenceDuration.init))
    }

    static let auditedControls = [
        withObservations(keyRotation, freshness: "7d", observedAt: "2026-11-27T06:00:00Z"),
        withObservations(firmwareUpdatable, freshness: nil, observedAt: "2026-11-28T06:00:00Z"),
        certificatesLogged, issuerDiversity,
        withObservations(assetInventory, freshness: "7d", observedAt: "2026-11-20T00:00:00Z"),
        quorum, postQuantum, advisories,
    ]

    static let auditedAcceptances = [
        AcceptanceReview(
            id: "RA-7", control: "FW-02", subjects: ["host:lab-3"], expiresAt: date("2026-12-31T00:00:00Z"),
            reasons: [], extensions: 1, detail: "1 extension (max 2); expires in 32 days",
            acceptedAt: date("2026-06-01T00:00:00Z"), approvedBy: "ciso@example.net",
            originalExpiresAt: date("2026-09-30T00:00:00Z"),
            extensionHistory: [
                .init(
                    at: date("2026-09-20T00:00:00Z"), expiresAt: date("2026-12-31T00:00:00Z"),
                    approvedBy: "ciso@example.net")
            ]),
        AcceptanceReview(
            id: "RA-3", control: "KM-01", subjects: ["key:payments", "key:orders"], expiresAt: date("2026-07-10T00:00:00Z"),
            reasons: [.overExtended, .expired], extensions: 3, detail: "3 extensions > max 2; expired 2026-07-10",
            acceptedAt: date("2026-01-10T00:00:00Z"), approvedBy: "ciso@example.net",
            originalExpiresAt: date("2026-04-10T00:00:00Z"),
            extensionHistory: [
                .init(at: date("2026-04-09T00:00:00Z"), expiresAt: date("2026-05-10T00:00:00Z"), approvedBy: "ciso@example.net"),
                .init(at: nil, expiresAt: date("2026-06-10T00:00:00Z"), approvedBy: nil),
                .init(at: date("2026-06-09T00:00:00Z"), expiresAt: date("2026-07-10T00:00:00Z"), approvedBy: "cto@example.net"),
            ]),
    ]

    static let history = [
        ComplianceSnapshot(at: date("2026-11-01T00:00:00Z"), counts: [.pass: 2, .fail: 3, .notApplicable: 1]),
        ComplianceSnapshot(at: date("2026-11-15T00:00:00Z"), counts: [.pass: 3, .accepted: 1, .fail: 2]),
        ComplianceSnapshot(at: date("2026-11-22T00:00:00Z"), counts: [.notApplicable: 2]),
    ]

    static let audited = RunResult(
        asOf: date("2026-11-29T00:00:00Z"), checkpoint: checkpoint, controls: auditedControls, scopeGaps: gaps,
        acceptances: auditedAcceptances, history: history)
}
