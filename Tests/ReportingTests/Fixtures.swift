import EvidenceModel
import Foundation

/// One run that exercises every part of a report: each status, a control error, acceptances active and stale,
/// flagged and unflagged scope gaps, a long reason, non-ASCII text.
enum Fixtures {
    static func date(_ text: String) -> Date {
        Timestamp.parse(text) ?? Date(timeIntervalSince1970: 0)
    }

    static let checkpoint = CheckpointSummary(
        origin: "vigil.example.net/log", size: 42, rootHash: "n5sOQxH5yq7c0hSMv9QZ0eTNqV6cmCz0ZqLFtR5c3hM=")

    static let keyRotation = ControlResult(
        id: "KM-01", title: "Customer-managed keys rotate at least every 90 days", severity: .high,
        frameworks: ["soc2": ["CC6.1"], "iso27001-2022": ["A.8.24"]],
        results: [
            SubjectResult(subject: "key:billing", status: .pass, reason: "rotated 12 days ago (max 90d)", evidence: ["e1"]),
            SubjectResult(
                subject: "key:payments", status: .fail, reason: "last rotation 212 days ago (max 90d)",
                evidence: ["e2", "e3"]),
            SubjectResult(
                subject: "key:hsm-root", status: .notApplicable, reason: "the platform cannot rotate HSM-backed keys",
                evidence: ["e4"]),
        ])

    static let firmwareUpdatable = ControlResult(
        id: "FW-02", title: "Firmware is updatable", severity: .medium, frameworks: ["nis2": ["21.2(e)"]],
        results: [
            SubjectResult(subject: "host:web-01", status: .pass, reason: "all 4 devices updatable", evidence: ["e5"]),
            SubjectResult(
                subject: "host:lab-3", status: .accepted, reason: "1 of 3 devices lacks the updatable flag (TPM 2.0)",
                evidence: ["e6"], acceptance: "RA-7"),
        ])

    static let certificatesLogged = ControlResult(
        id: "CT-01", title: "Certificates carry SCTs from two distinct logs", severity: .low, frameworks: [:],
        results: [SubjectResult(subject: "cert:www", status: .pass, reason: "3 SCTs from 3 logs (min 2)", evidence: ["e7"])])

    static let issuerDiversity = ControlResult(
        id: "CA-02", title: "Domains have certificates from two CAs", severity: .low, frameworks: ["soc2": ["A1.2"]],
        results: [SubjectResult(subject: "domain:example.net", status: .pass, reason: "2 issuers within 90d (min 2)")])

    static let assetInventory = ControlResult(
        id: "AS-01", title: "Asset inventory is current", severity: .medium, frameworks: [:],
        results: [
            SubjectResult(
                subject: "host:db-1", status: .stale, reason: "newest evidence is 9 days old (freshness 7d)",
                evidence: ["e8"])
        ])

    static let quorum = ControlResult(
        id: "MP-01", title: "Domain validation meets the MPIC quorum", severity: .critical, frameworks: [:],
        results: [
            SubjectResult(
                subject: "domain:shop.example.net", status: .missing,
                reason: """
                    in the scope of this control but no validation result was collected within the 90d window; \
                    the last one seen is older than the window or was never sent by the CA's pipeline
                    """)
        ])

    static let postQuantum = ControlResult(
        id: "PQ-01", title: "Clés prêtes pour l'après-quantique", severity: .low, frameworks: [:],
        results: [SubjectResult(subject: "key:legacy", status: .notApplicable, reason: "symmetric key")])

    static let advisories = ControlResult(
        id: "FW-01", title: "Firmware has no known vulnerability", severity: .high, frameworks: ["soc2": ["CC7.1"]],
        results: [], error: "advisories file Controls/osv.json: no such file")

    static let gaps = [
        ScopeGap(subject: "host:lab-9", gap: .uncovered, control: nil, reason: "no control's scope includes it"),
        ScopeGap(
            subject: "host:old-2", gap: .excluded, control: nil, reason: "decommissioned; approved by ciso@example.net",
            isFlagged: false),
        ScopeGap(subject: "key:db-2", gap: .noEvidence, control: "KM-01", reason: "in scope, never any evidence"),
    ]

    static let acceptances = [
        AcceptanceReview(
            id: "RA-7", control: "FW-02", subjects: ["host:lab-3"], expiresAt: date("2026-12-31T00:00:00Z"),
            reasons: [], extensions: 1, detail: "1 extension (max 2); expires in 32 days"),
        AcceptanceReview(
            id: "RA-3", control: "KM-01", subjects: ["key:payments", "key:orders"], expiresAt: date("2026-07-10T00:00:00Z"),
            reasons: [.overExtended, .expired], extensions: 3, detail: "3 extensions > max 2; expired 2026-07-10"),
    ]

    static let controls = [
        keyRotation, firmwareUpdatable, certificatesLogged, issuerDiversity, assetInventory, quorum, postQuantum,
        advisories,
    ]

    static let run = RunResult(
        asOf: date("2026-11-29T00:00:00Z"), checkpoint: checkpoint, controls: controls, scopeGaps: gaps,
        acceptances: acceptances)

    /// The same controls with no checkpoint, no gaps and no acceptances.
    static let bare = RunResult(
        asOf: date("2026-11-29T12:30:00.250Z"), checkpoint: nil, controls: controls, scopeGaps: [], acceptances: [])

    static let empty = RunResult(
        asOf: date("2026-11-29T00:00:00Z"), checkpoint: nil, controls: [], scopeGaps: [], acceptances: [])
}
