import EvidenceModel
import Foundation

/// One transit key's `data` object read into a ``KeyEvidence``.
struct VaultTransitKey {
    let name: String
    let record: KeyEvidence

    init(response: JSONNode) throws(CollectionFailure) {
        _ = try response.object()
        let data = try response.required("data")
        name = try data.required("name").nonEmptyString()
        let type = try data.required("type").nonEmptyString()
        let latest = try data.required("latest_version").integer()
        let profile = KeyAlgorithm.vault(
            type: type, keySizeBytes: try data.optionalInteger("key_size"),
            parameterSet: try data.optionalString("parameter_set"),
            hybridPQC: try data.optionalString("hybrid_key_type_pqc"),
            hybridEC: try data.optionalString("hybrid_key_type_ec"))

        let versions = try Self.versions(data.required("keys"))
        guard let current = versions.first(where: { $0.version == latest }) else {
            throw data.failure("latest_version \(latest) is not among keys (versions \(versions.map(\.version)))")
        }
        let material = versions.map {
            KeyEvidence.Material(
                id: String($0.version), createdAt: $0.created,
                origin: $0.version == versions.first?.version
                    ? "creation" : "version", state: nil)
        }
        let period =
            try data.member("auto_rotate_period").map { (node) throws(CollectionFailure) in
                try PlatformDuration.seconds(node)
            } ?? 0
        let usage =
            try data.optionalBool("supports_signing") == true
            ? "sign"
            : try data.optionalBool("supports_encryption") == true ? "encrypt" : nil

        var cannotRotateReason: String?
        if type == "managed_key" {
            cannotRotateReason = "Vault managed keys are rotated by their external key manager"
        } else if try data.optionalBool("imported_key") == true,
            try data.optionalBool("imported_key_allow_rotation") != true
        {
            cannotRotateReason = "imported Vault key without imported_key_allow_rotation"
        }
        var record = KeyEvidence(
            platform: "vault-transit", keyID: name, name: name, algorithm: profile, usage: usage, isEnabled: true,
            state: "enabled", createdAt: versions.first?.created ?? current.created, cannotRotateReason: cannotRotateReason,
            material: material, isHistoryComplete: true, native: ["transit": data.value])
        record.isRotationEnabled = period > 0
        record.rotationPeriodSeconds = period > 0 ? period : nil
        if period > 0 { record.nextRotationAt = current.created.addingTimeInterval(period) }
        self.record = record
    }

    /// Versions sorted by number, each with its creation time, from either shape of `keys`.
    private static func versions(_ keys: JSONNode) throws(CollectionFailure) -> [(version: Int, created: Date)] {
        var versions: [(version: Int, created: Date)] = []
        for (label, _) in try keys.object() {
            guard let node = keys.member(label) else { continue }
            guard let version = Int(label), version > 0 else { throw node.failure("key version '\(label)' is not a positive number") }
            let created: Date
            if node.value.objectValue != nil {
                created = try node.required("creation_time").timestamp()
            } else {
                created = try node.timestamp()
            }
            versions.append((version, created))
        }
        if versions.isEmpty { throw keys.failure("no key versions") }
        return versions.sorted { $0.version < $1.version }
    }
}
