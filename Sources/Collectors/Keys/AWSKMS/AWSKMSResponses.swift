import EvidenceModel
import Foundation

/// The three KMS responses of a file, gathered by key id before they become ``KeyRecord``s.
struct AWSKMSResponses {
    private var metadata: [(id: String, node: JSONNode)] = []
    private var rotationStatus: [String: JSONNode] = [:]
    private var rotations: [String: [JSONNode]] = [:]
    /// `list-key-rotations` of a never-rotated key is `{"Rotations": []}`, which names no key.
    private var sawEmptyRotationList = false

    /// `arn:aws:kms:…:key/ID` and `ID` name the same key.
    static func keyID(_ text: String) -> String {
        guard text.hasPrefix("arn:"), let slash = text.lastIndex(of: "/") else { return text }
        return String(text[text.index(after: slash)...])
    }

    mutating func add(_ response: JSONNode) throws(CollectionFailure) {
        let object = try response.object()
        if let keyMetadata = response.member("KeyMetadata") {
            let id = try keyMetadata.required("KeyId").nonEmptyString()
            if let earlier = metadata.first(where: { $0.id == id }) {
                throw keyMetadata.failure("duplicate describe-key response for KeyId '\(id)' (also at \(earlier.node.path))")
            }
            metadata.append((id, keyMetadata))
        } else if object["KeyRotationEnabled"] != nil {
            let id = Self.keyID(try response.required("KeyId").nonEmptyString())
            rotationStatus[id] = response
        } else if let list = response.member("Rotations") {
            for rotation in try list.elements() {
                let id = Self.keyID(try rotation.required("KeyId").nonEmptyString())
                rotations[id, default: []].append(rotation)
            }
            if try list.elements().isEmpty { sawEmptyRotationList = true }
        } else {
            let known = "KeyMetadata (describe-key), KeyRotationEnabled (get-key-rotation-status) or Rotations (list-key-rotations)"
            throw response.failure("not an AWS KMS response: expected \(known), found keys "
                + object.keys.sorted().joined(separator: ", "))
        }
    }

    func keys(in input: CollectorInput) throws(CollectionFailure) -> [(arn: String, record: KeyRecord)] {
        let described = Set(metadata.map(\.id))
        for (id, node) in rotationStatus.sorted(by: { $0.key < $1.key }) where !described.contains(id) {
            throw node.failure("rotation status for KeyId '\(id)' without its describe-key response in this file")
        }
        for (id, nodes) in rotations.sorted(by: { $0.key < $1.key }) where !described.contains(id) {
            throw (nodes.first ?? JSONNode(value: .null, path: "$", input: input))
                .failure("rotations of KeyId '\(id)' without its describe-key response in this file")
        }
        var keys: [(arn: String, record: KeyRecord)] = []
        for (id, node) in metadata {
            keys.append(try key(id: id, metadata: node))
        }
        return keys
    }

    private func key(id: String, metadata node: JSONNode) throws(CollectionFailure) -> (arn: String, record: KeyRecord) {
        let arn = try node.required("Arn").nonEmptyString()
        let created = try node.required("CreationDate").timestamp()
        let legacySpec = try node.optionalString("CustomerMasterKeySpec")
        let spec = try node.optionalString("KeySpec") ?? legacySpec ?? "SYMMETRIC_DEFAULT"
        let profile = AlgorithmProfile.awsKMS(spec)
        let state = try node.optionalString("KeyState") ?? "Enabled"
        let origin = try node.optionalString("Origin") ?? "AWS_KMS"
        let manager = try node.optionalString("KeyManager") ?? "CUSTOMER"

        var material = [KeyMaterial(id: nil, createdAt: created, origin: "creation", state: nil)]
        var rotationNodes: [JSONValue] = []
        for rotation in rotations[id] ?? [] {
            rotationNodes.append(rotation.value)
            let materialID = try rotation.optionalString("KeyMaterialId")
            let state = try rotation.optionalString("KeyMaterialState")
            // The initial material (ALL_KEY_MATERIAL listings) has no RotationDate: it is the creation.
            guard let date = try rotation.optionalTimestamp("RotationDate") else {
                if materialID != nil { material[0].id = materialID; material[0].state = state }
                continue
            }
            let type = try rotation.optionalString("RotationType") ?? "AUTOMATIC"
            material.append(KeyMaterial(id: materialID, createdAt: date, origin: type, state: state))
        }

        var record = KeyRecord(
            platform: "aws-kms", keyID: id, name: try node.optionalString("Description").flatMap { $0.isEmpty ? nil : $0 } ?? id,
            algorithm: profile, usage: try node.optionalString("KeyUsage"), isEnabled: try node.optionalBool("Enabled") ?? (state == "Enabled"),
            state: state, managedBy: manager == "AWS" ? "provider" : "customer", createdAt: created,
            material: material, isHistoryComplete: rotations[id] != nil || (sawEmptyRotationList && metadata.count == 1),
            deletionScheduledAt: try node.optionalTimestamp("DeletionDate"), native: ["KeyMetadata": node.value])
        if !rotationNodes.isEmpty { record.native["Rotations"] = .array(rotationNodes) }

        // KMS rotates only symmetric encryption keys whose material it made (botocore: UnsupportedOperationException).
        if profile.keyClass != "symmetric" {
            record.cannotRotateReason = "AWS KMS cannot rotate \(spec) keys (only symmetric encryption keys)"
        } else if origin != "AWS_KMS" {
            record.cannotRotateReason = "AWS KMS cannot rotate keys with origin \(origin) (imported or custom key store material)"
        }
        if let status = rotationStatus[id] {
            record.native["RotationStatus"] = status.value
            record.isRotationEnabled = try status.required("KeyRotationEnabled").bool()
            if let days = try status.optionalInteger("RotationPeriodInDays") {
                record.rotationPeriodSeconds = Double(days) * 86_400
            } else if record.isRotationEnabled == true {
                record.rotationPeriodSeconds = 365 * 86_400  // the KMS default before periods were configurable
            }
            record.nextRotationAt = try status.optionalTimestamp("NextRotationDate")
        }
        return (arn, record)
    }
}
