import EvidenceModel
import Foundation

/// The data of every `key` record, whatever the platform: the one schema the key checks read.
///
/// Each key collector (`aws-kms`, `vault-transit`, `gcp-kms`) fills the common fields below and keeps
/// the platform's own response, unchanged, under `native`. `aws-acm` certificates carry the
/// algorithm fields too, so `key_algorithm` reads certificates the same way.
///
/// | field | type | meaning |
/// | --- | --- | --- |
/// | `platform` | string | `aws-kms`, `vault-transit`, `gcp-kms` (`aws-acm` on certificates) |
/// | `key_id`, `name` | string | the platform's id and a short name for reasons |
/// | `key_spec` | string | the platform's own algorithm word (`SYMMETRIC_DEFAULT`, `aes256-gcm96`, `PQ_SIGN_ML_DSA_65`) |
/// | `algorithm` | string | normalized family: `AES`, `ChaCha20`, `HMAC`, `RSA`, `ECDSA`, `EdDSA`, `SM2`, `ML-DSA`, `SLH-DSA`, `ML-KEM`, `X-Wing`, `ML-DSA+ECDSA` (hybrid), `unknown` |
/// | `key_size` | number? | bits (RSA modulus, curve size, symmetric key length); absent when unknown |
/// | `curve`, `parameter_set` | string? | `P-256`, `secp256k1`, `Ed25519`; `44`/`65`/`87` for ML-DSA, `768`/`1024` for ML-KEM |
/// | `key_class` | string | `symmetric`, `asymmetric` or `hmac` |
/// | `pq_readiness` | string | `classical`, `hybrid` or `post-quantum` (symmetric keys of ≥ 256 bits count as post-quantum) |
/// | `usage` | string? | the platform's purpose word (`ENCRYPT_DECRYPT`, `SIGN_VERIFY`, `ASYMMETRIC_SIGN`) |
/// | `enabled` | bool | the key can be used now |
/// | `state` | string | the platform's state word (`Enabled`, `PendingDeletion`, `ENABLED`, `DESTROYED`; Vault: `enabled`) |
/// | `managed_by` | string | `customer`, or `provider` for keys the cloud manages itself (KMS `KeyManager: AWS`) |
/// | `created_at` | RFC 3339 | when the key (its first material) was created |
/// | `can_rotate` | bool | whether the platform can rotate this key's material at all |
/// | `cannot_rotate_reason` | string? | why not (`asymmetric keys have no automatic rotation in AWS KMS`) |
/// | `rotation_enabled` | bool? | automatic rotation is on; absent when the collected input does not say |
/// | `rotation_period_seconds` | number? | the automatic rotation period |
/// | `next_rotation_at` | RFC 3339? | when the platform will rotate next |
/// | `key_material` | [object] | material history, oldest first: `{id?, created_at, origin, state?}` with `origin` `creation`, `AUTOMATIC`, `ON_DEMAND` or `version` |
/// | `current_material_created_at` | RFC 3339 | when the material in use now was created: the newest rotation, else creation |
/// | `rotation_history` | string | `complete` (the date of the material in use is known: rotations listed, Vault versions, GCP primary) or `creation-only` (no history collected: the age counts from creation and may overstate it) |
/// | `deletion_scheduled_at` | RFC 3339? | pending deletion date |
/// | `native` | object | the platform's own responses under their own names (`KeyMetadata`, `RotationStatus`, `Rotations`; `transit`; `CryptoKey`, `versions`) |
struct KeyRecord {
    var platform: String
    var keyID: String
    var name: String
    var algorithm: AlgorithmProfile
    var usage: String?
    var isEnabled: Bool
    var state: String
    var managedBy = "customer"
    var createdAt: Date
    var cannotRotateReason: String?
    var isRotationEnabled: Bool?
    var rotationPeriodSeconds: Double?
    var nextRotationAt: Date?
    /// Oldest first; the last one is the material in use.
    var material: [KeyMaterial]
    var isHistoryComplete: Bool
    var deletionScheduledAt: Date?
    var native: [String: JSONValue]

    var currentMaterialCreatedAt: Date { material.map(\.createdAt).max() ?? createdAt }

    var data: [String: JSONValue] {
        var data = algorithm.data
        data["platform"] = .string(platform)
        data["key_id"] = .string(keyID)
        data["name"] = .string(name)
        data["usage"] = usage.map(JSONValue.string)
        data["enabled"] = .bool(isEnabled)
        data["state"] = .string(state)
        data["managed_by"] = .string(managedBy)
        data["created_at"] = .string(Timestamp.format(createdAt))
        data["can_rotate"] = .bool(cannotRotateReason == nil)
        data["cannot_rotate_reason"] = cannotRotateReason.map(JSONValue.string)
        data["rotation_enabled"] = isRotationEnabled.map(JSONValue.bool)
        data["rotation_period_seconds"] = rotationPeriodSeconds.map(JSONValue.number)
        data["next_rotation_at"] = nextRotationAt.map { .string(Timestamp.format($0)) }
        data["key_material"] = .array(material.sorted { $0.createdAt < $1.createdAt }.map(\.data))
        data["current_material_created_at"] = .string(Timestamp.format(currentMaterialCreatedAt))
        data["rotation_history"] = .string(isHistoryComplete ? "complete" : "creation-only")
        data["deletion_scheduled_at"] = deletionScheduledAt.map { .string(Timestamp.format($0)) }
        data["native"] = .object(native)
        return data
    }
}

/// One generation of a key's material: the first one, or one made by a rotation.
struct KeyMaterial {
    var id: String?
    var createdAt: Date
    /// `creation`, `AUTOMATIC`, `ON_DEMAND` (KMS rotation types) or `version` (Vault, GCP).
    var origin: String
    var state: String?

    var data: JSONValue {
        var object: [String: JSONValue] = ["created_at": .string(Timestamp.format(createdAt)), "origin": .string(origin)]
        object["id"] = id.map(JSONValue.string)
        object["state"] = state.map(JSONValue.string)
        return .object(object)
    }
}
