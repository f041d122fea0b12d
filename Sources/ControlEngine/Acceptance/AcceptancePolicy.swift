import EvidenceModel

/// Limits on risk acceptances (DESIGN §6); `vigil.yaml` may set them.
public struct AcceptancePolicy: Sendable, Hashable {
    /// More extensions than this make an acceptance `over_extended`.
    public let maxExtensions: Int
    /// A span from `accepted_at` to the current expiry longer than this is `too_long`.
    public let maxTotal: EvidenceDuration

    public init(maxExtensions: Int = 2, maxTotal: EvidenceDuration = EvidenceDuration(days: 365)) {
        self.maxExtensions = maxExtensions
        self.maxTotal = maxTotal
    }
}
