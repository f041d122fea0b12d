import EvidenceModel
import Foundation

/// An extension counts from its `at` (DESIGN §12): one dated after its register was observed is not
/// granted yet, and written down ahead it would keep a lapsed acceptance looking active.
enum FutureExtension {
    /// Why extension `number` of acceptance `id` is rejected, or nil when it was granted by `observedAt`.
    static func problem(
        acceptance id: String, number: Int, at: Date, expiresAt: Date, observedAt: Date, document: String
    ) -> String? {
        guard at > observedAt else { return nil }
        return "acceptance \(id): extension \(number) (at \(Timestamp.format(at)), expires_at "
            + "\(Timestamp.format(expiresAt))) is dated after the \(document)'s observed_at "
            + "\(Timestamp.format(observedAt)); record an extension once it is granted"
    }
}
