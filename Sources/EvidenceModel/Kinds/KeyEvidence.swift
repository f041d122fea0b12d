import Foundation

/// The `key` kind, the one model of its record's data, whatever the platform: the `aws-kms`,
/// `vault-transit` and `gcp-kms` collectors write it, `key_rotation` and `key_algorithm` read it.
///
/// | field | type | meaning |
/// | --- | --- | --- |
/// | `platform` | string | `aws-kms`, `vault-transit`, `gcp-kms` |
/// | `key_id`, `name` | string | the platform's id and a short name for reasons |
/// | the fields of ``KeyAlgorithm`` | | `key_spec`, `algorithm`, `key_size`, `curve`, `parameter_set`, `key_class`, `pq_readiness` |
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
/// | `key_material` | [object] | material history, oldest first: `{id?, created_at, origin, state?}` |
/// | `current_material_created_at` | RFC 3339 | when the material in use now was created: the newest rotation, else creation |
/// | `rotation_history` | string | `complete` (the date of the material in use is known) or `creation-only` (no history collected: the age counts from creation and may overstate it) |
/// | `deletion_scheduled_at` | RFC 3339? | pending deletion date |
/// | `native` | object | the platform's own responses under their own names (`KeyMetadata`, `RotationStatus`, `Rotations`; `transit`; `CryptoKey`, `versions`) |
/// | `merged_from` | [object]? | `{name, sha256}` of the other inputs joined into the record |
///
/// Written, a field left nil is left out of the data. Read back, a field missing or of another type
/// reads as nil (the checks then say what they could not judge); a `key` record is never refused.
public struct KeyEvidence: Sendable, Hashable {
    /// One generation of a key's material: the first one, or one made by a rotation.
    public struct Material: Sendable, Hashable {
        public var id: String?
        public var createdAt: Date?
        /// `creation`, `AUTOMATIC`, `ON_DEMAND` (KMS rotation types) or `version` (Vault, GCP).
        public var origin: String?
        public var state: String?

        public init(id: String?, createdAt: Date?, origin: String?, state: String?) {
            self.id = id
            self.createdAt = createdAt
            self.origin = origin
            self.state = state
        }
    }

    public var platform: String?
    public var keyID: String?
    public var name: String?
    /// Nil when the record has no algorithm fields.
    public var algorithm: KeyAlgorithm?
    public var usage: String?
    public var isEnabled: Bool?
    public var state: String?
    public var managedBy: String?
    public var createdAt: Date?
    public let canRotate: Bool?
    public let cannotRotateReason: String?
    public var isRotationEnabled: Bool?
    public var rotationPeriodSeconds: Double?
    public var nextRotationAt: Date?
    /// Oldest first; the last one is the material in use.
    public let material: [Material]
    public let currentMaterialCreatedAt: Date?
    /// `rotation_history`: `complete` is true, `creation-only` false.
    public var isHistoryComplete: Bool?
    public var deletionScheduledAt: Date?
    public var native: [String: JSONValue]?
    /// The other inputs a collector joined into this record (`merged_from`): a KMS key described in one
    /// file and its rotations listed in another.
    public var mergedFrom: [EvidenceSource] = []

    /// A key as a collector found it: its material sorted oldest first, the current material's date the
    /// newest of them (else the creation), rotatable unless a reason says why not.
    public init(
        platform: String, keyID: String, name: String, algorithm: KeyAlgorithm, usage: String?, isEnabled: Bool, state: String,
        managedBy: String = "customer", createdAt: Date, cannotRotateReason: String? = nil, material: [Material],
        isHistoryComplete: Bool, deletionScheduledAt: Date? = nil, native: [String: JSONValue]
    ) {
        self.platform = platform
        self.keyID = keyID
        self.name = name
        self.algorithm = algorithm
        self.usage = usage
        self.isEnabled = isEnabled
        self.state = state
        self.managedBy = managedBy
        self.createdAt = createdAt
        self.canRotate = cannotRotateReason == nil
        self.cannotRotateReason = cannotRotateReason
        self.material = material.sorted { ($0.createdAt ?? .distantPast) < ($1.createdAt ?? .distantPast) }
        self.currentMaterialCreatedAt = material.compactMap(\.createdAt).max() ?? createdAt
        self.isHistoryComplete = isHistoryComplete
        self.deletionScheduledAt = deletionScheduledAt
        self.native = native
    }

    /// The origin of the material in use: `creation` means never rotated.
    public var currentMaterialOrigin: String? { material.last?.origin }

    public var data: [String: JSONValue] {
        var data = algorithm?.data ?? [:]
        data["platform"] = platform.map(JSONValue.string)
        data["key_id"] = keyID.map(JSONValue.string)
        data["name"] = name.map(JSONValue.string)
        data["usage"] = usage.map(JSONValue.string)
        data["enabled"] = isEnabled.map(JSONValue.bool)
        data["state"] = state.map(JSONValue.string)
        data["managed_by"] = managedBy.map(JSONValue.string)
        data["created_at"] = createdAt.map { .string(Timestamp.format($0)) }
        data["can_rotate"] = canRotate.map(JSONValue.bool)
        data["cannot_rotate_reason"] = cannotRotateReason.map(JSONValue.string)
        data["rotation_enabled"] = isRotationEnabled.map(JSONValue.bool)
        data["rotation_period_seconds"] = rotationPeriodSeconds.map(JSONValue.number)
        data["next_rotation_at"] = nextRotationAt.map { .string(Timestamp.format($0)) }
        data["key_material"] = .array(material.map(\.data))
        data["current_material_created_at"] = currentMaterialCreatedAt.map { .string(Timestamp.format($0)) }
        data["rotation_history"] = isHistoryComplete.map { .string($0 ? "complete" : "creation-only") }
        data["deletion_scheduled_at"] = deletionScheduledAt.map { .string(Timestamp.format($0)) }
        data["native"] = native.map(JSONValue.object)
        if !mergedFrom.isEmpty {
            data["merged_from"] = .array(mergedFrom.map { .object(["name": .string($0.name), "sha256": .string($0.sha256)]) })
        }
        return data
    }

    /// Reads a `key` record back, leniently.
    /// - Throws: when the record is of another kind.
    public init(record: EvidenceRecord) throws(EvidenceRecord.DecodingFailure) {
        try KindField.require(record, is: EvidenceKind.key)
        let data = record.data
        platform = data["platform"]?.stringValue
        keyID = data["key_id"]?.stringValue
        name = data["name"]?.stringValue
        algorithm = KeyAlgorithm(data: data)
        usage = data["usage"]?.stringValue
        isEnabled = data["enabled"]?.boolValue
        state = data["state"]?.stringValue
        managedBy = data["managed_by"]?.stringValue
        createdAt = KindField.date(data["created_at"])
        canRotate = data["can_rotate"]?.boolValue
        cannotRotateReason = data["cannot_rotate_reason"]?.stringValue
        isRotationEnabled = data["rotation_enabled"]?.boolValue
        rotationPeriodSeconds = data["rotation_period_seconds"]?.doubleValue
        nextRotationAt = KindField.date(data["next_rotation_at"])
        material = (data["key_material"]?.arrayValue ?? []).map { item in
            Material(
                id: item["id"]?.stringValue, createdAt: KindField.date(item["created_at"]), origin: item["origin"]?.stringValue,
                state: item["state"]?.stringValue)
        }
        currentMaterialCreatedAt = KindField.date(data["current_material_created_at"])
        switch data["rotation_history"]?.stringValue {
        case "complete": isHistoryComplete = true
        case "creation-only": isHistoryComplete = false
        default: isHistoryComplete = nil
        }
        deletionScheduledAt = KindField.date(data["deletion_scheduled_at"])
        native = data["native"]?.objectValue
        mergedFrom = (data["merged_from"]?.arrayValue ?? []).compactMap { item in
            item["name"]?.stringValue.flatMap { name in item["sha256"]?.stringValue.map { EvidenceSource(name: name, sha256: $0) } }
        }
    }
}

extension KeyEvidence.Material {
    var data: JSONValue {
        var object = [String: JSONValue](minimumCapacity: 4)
        object["id"] = id.map(JSONValue.string)
        object["created_at"] = createdAt.map { .string(Timestamp.format($0)) }
        object["origin"] = origin.map(JSONValue.string)
        object["state"] = state.map(JSONValue.string)
        return .object(object)
    }
}
