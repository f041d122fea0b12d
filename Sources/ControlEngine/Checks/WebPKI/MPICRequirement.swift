import EvidenceModel
import Foundation

/// TLS BR 3.2.2.9 as in force on a day: the "Phased Implementation Timeline" and the quorum table
/// (cabforum/servercert BR v2.2.6; ballots SC-067 and SC-083).
public struct MPICRequirement: Sendable, Hashable {
    /// The day this phase took effect (`2026-06-15`).
    public let effective: String
    /// Fewest distinct remote Network Perspectives the CA MUST use.
    public let minimumRemotePerspectives: Int
    /// Whether too many non-corroborations forbid issuance (from 2025-09-15; before, the CA MAY proceed).
    public let quorumEnforced: Bool
    /// Whether corroborating perspectives must lie in at least two RIR regions (from 2026-03-15).
    public let requiresTwoRIRs: Bool

    /// The phases, oldest first. Before the first, BR 3.2.2.9 required no corroboration (2024-09-15: SHOULD).
    public static let phases: [MPICRequirement] = [
        .init(effective: "2025-03-15", minimumRemotePerspectives: 2, quorumEnforced: false, requiresTwoRIRs: false),
        .init(effective: "2025-09-15", minimumRemotePerspectives: 2, quorumEnforced: true, requiresTwoRIRs: false),
        .init(effective: "2026-03-15", minimumRemotePerspectives: 3, quorumEnforced: true, requiresTwoRIRs: true),
        .init(effective: "2026-06-15", minimumRemotePerspectives: 4, quorumEnforced: true, requiresTwoRIRs: true),
        .init(effective: "2026-12-15", minimumRemotePerspectives: 5, quorumEnforced: true, requiresTwoRIRs: true),
    ]

    /// The phase in force at `instant` (phases start at 00:00 UTC), or nil before 2025-03-15.
    public static func inForce(at instant: Date) -> MPICRequirement? {
        phases.last { phase in Timestamp.parse(phase.effective).map { $0 <= instant } ?? false }
    }

    /// Non-corroborations allowed among `distinct` remote perspectives ("Table: Quorum Requirements"):
    /// 1 for 2–5, 2 for 6 or more.
    public static func allowedNonCorroborations(distinct: Int) -> Int {
        distinct >= 6 ? 2 : distinct >= 2 ? 1 : 0
    }

    /// `BR 3.2.2.9, phase of 2026-06-15: ≥4 remote perspectives, quorum enforced, ≥2 RIRs`.
    public var citation: String {
        let quorum = quorumEnforced ? "quorum enforced" : "quorum not enforced"
        let rirs = requiresTwoRIRs ? ", ≥2 RIRs" : ""
        return "BR 3.2.2.9, phase of \(effective): ≥\(minimumRemotePerspectives) remote perspectives, \(quorum)\(rirs)"
    }
}
