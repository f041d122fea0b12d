import EvidenceModel
import Foundation

/// How the three KMS responses read into ``KeyEvidence``. Each response is read once when its
/// input is read, so that every fault is found (and its own input rejected) before any record is
/// made; a key's record is read again from its responses when it is taken, and cannot fail then.
enum AWSKMSKeyReading {
    /// A `list-key-rotations` entry: the initial material (no `RotationDate`), or a rotation.
    enum MaterialEntry {
        case initial(id: String?, state: String?)
        case rotated(KeyEvidence.Material)
    }

    /// What `get-key-rotation-status` says.
    struct RotationStatus {
        let isEnabled: Bool
        let periodSeconds: Double?
        let nextRotationAt: Date?
    }

    static func material(_ rotation: JSONNode) throws(CollectionFailure) -> MaterialEntry {
        let materialID = try rotation.optionalString("KeyMaterialId")
        let state = try rotation.optionalString("KeyMaterialState")
        // The initial material (ALL_KEY_MATERIAL listings) has no RotationDate: it is the creation.
        guard let date = try rotation.optionalTimestamp("RotationDate") else { return .initial(id: materialID, state: state) }
        let type = try rotation.optionalString("RotationType") ?? "AUTOMATIC"
        return .rotated(KeyEvidence.Material(id: materialID, createdAt: date, origin: type, state: state))
    }

    static func rotationStatus(_ status: JSONNode) throws(CollectionFailure) -> RotationStatus {
        let isEnabled = try status.required("KeyRotationEnabled").bool()
        var period: Double?
        if let days = status.member("RotationPeriodInDays") {
            period = try PlatformDuration.days(days)
        } else if isEnabled {
            period = 365 * 86_400  // the KMS default before periods were configurable
        }
        return RotationStatus(isEnabled: isEnabled, periodSeconds: period, nextRotationAt: try status.optionalTimestamp("NextRotationDate"))
    }

    /// A key's ARN and record from its `KeyMetadata`, rotation status and listed rotations.
    static func key(
        id: String, metadata node: JSONNode, status: JSONNode?, rotations: [JSONNode], isHistoryComplete: Bool
    ) throws(CollectionFailure) -> (arn: String, record: KeyEvidence) {
        let arn = try node.required("Arn").nonEmptyString()
        let created = try node.required("CreationDate").timestamp()
        let legacySpec = try node.optionalString("CustomerMasterKeySpec")
        let spec = try node.optionalString("KeySpec") ?? legacySpec ?? "SYMMETRIC_DEFAULT"
        let profile = KeyAlgorithm.awsKMS(spec)
        let state = try node.optionalString("KeyState") ?? "Enabled"
        let origin = try node.optionalString("Origin") ?? "AWS_KMS"
        let manager = try node.optionalString("KeyManager") ?? "CUSTOMER"

        var material = [KeyEvidence.Material(id: nil, createdAt: created, origin: "creation", state: nil)]
        for rotation in rotations {
            switch try Self.material(rotation) {
            case .initial(let id, let state):
                if id != nil { material[0].id = id; material[0].state = state }
            case .rotated(let rotated):
                material.append(rotated)
            }
        }

        // KMS rotates only symmetric encryption keys whose material it made (botocore: UnsupportedOperationException).
        var cannotRotateReason: String?
        if profile.keyClass != "symmetric" {
            cannotRotateReason = "AWS KMS cannot rotate \(spec) keys (only symmetric encryption keys)"
        } else if origin != "AWS_KMS" {
            cannotRotateReason = "AWS KMS cannot rotate keys with origin \(origin) (imported or custom key store material)"
        }
        var native: [String: JSONValue] = ["KeyMetadata": node.value]
        if !rotations.isEmpty { native["Rotations"] = .array(rotations.map(\.value)) }
        if let status { native["RotationStatus"] = status.value }
        var record = KeyEvidence(
            platform: "aws-kms", keyID: id, name: try node.optionalString("Description").flatMap { $0.isEmpty ? nil : $0 } ?? id,
            algorithm: profile, usage: try node.optionalString("KeyUsage"), isEnabled: try node.optionalBool("Enabled") ?? (state == "Enabled"),
            state: state, managedBy: manager == "AWS" ? "provider" : "customer", createdAt: created, cannotRotateReason: cannotRotateReason,
            material: material, isHistoryComplete: isHistoryComplete,
            deletionScheduledAt: try node.optionalTimestamp("DeletionDate"), native: native)

        if let status {
            let reading = try rotationStatus(status)
            record.isRotationEnabled = reading.isEnabled
            record.rotationPeriodSeconds = reading.periodSeconds
            record.nextRotationAt = reading.nextRotationAt
        }
        return (arn, record)
    }
}
