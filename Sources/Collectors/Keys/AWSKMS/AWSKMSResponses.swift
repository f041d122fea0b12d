import EvidenceModel
import Foundation

/// A response that cannot be used, and the input (by its position in the run) that holds it.
struct MisplacedResponse: Error {
    let input: Int
    let failure: CollectionFailure
}

/// The three KMS responses of a run's inputs, gathered by key id before they become ``KeyEvidence``.
struct AWSKMSResponses {
    /// A response and the position of the input it came from.
    private struct Placed {
        let node: JSONNode
        let input: Int
    }

    /// One key's record, the input holding its describe-key response, and every input that added to it.
    struct Key {
        let arn: String
        let record: KeyEvidence
        let describedIn: Int
        let contributors: Set<Int>
    }

    /// In the order given (records keep the inputs' order), with each id's position for lookups.
    private var metadata: [(id: String, placed: Placed)] = []
    private var metadataPosition: [String: Int] = [:]
    private var rotationStatus: [String: Placed] = [:]
    private var rotations: [String: [Placed]] = [:]
    /// The last `list-key-rotations` response that listed each key: another one is a duplicate unless
    /// this one was a page (`"Truncated": true`) that the next continues.
    private var rotationLists: [String: Placed] = [:]
    /// `list-key-rotations` of a never-rotated key is `{"Rotations": []}`, which names no key.
    private var sawEmptyRotationList = false

    /// `arn:aws:kms:…:key/ID` and `ID` name the same key.
    static func keyID(_ text: String) -> String {
        guard text.hasPrefix("arn:"), let slash = text.lastIndex(of: "/") else { return text }
        return String(text[text.index(after: slash)...])
    }

    mutating func add(_ response: JSONNode, from input: Int) throws(MisplacedResponse) {
        do {
            try add(Placed(node: response, input: input))
        } catch {
            throw MisplacedResponse(input: input, failure: error)
        }
    }

    private mutating func add(_ response: Placed) throws(CollectionFailure) {
        let object = try response.node.object()
        if let keyMetadata = response.node.member("KeyMetadata") {
            let id = try keyMetadata.required("KeyId").nonEmptyString()
            if let earlier = metadataPosition[id] {
                throw Self.duplicate("describe-key", id: id, at: keyMetadata, earlier: metadata[earlier].placed, from: response.input)
            }
            metadataPosition[id] = metadata.count
            metadata.append((id, Placed(node: keyMetadata, input: response.input)))
        } else if object["KeyRotationEnabled"] != nil {
            let id = Self.keyID(try response.node.required("KeyId").nonEmptyString())
            if let earlier = rotationStatus[id] {
                throw Self.duplicate("get-key-rotation-status", id: id, at: response.node, earlier: earlier, from: response.input)
            }
            rotationStatus[id] = response
        } else if let list = response.node.member("Rotations") {
            var listedHere: Set<String> = []
            for rotation in try list.elements() {
                let id = Self.keyID(try rotation.required("KeyId").nonEmptyString())
                if listedHere.insert(id).inserted, let earlier = rotationLists[id] {
                    let continuesAPage = try earlier.node.optionalBool("Truncated") ?? false
                    if !continuesAPage {
                        throw Self.duplicate("list-key-rotations", id: id, at: rotation, earlier: earlier, from: response.input)
                    }
                }
                rotationLists[id] = response
                rotations[id, default: []].append(Placed(node: rotation, input: response.input))
            }
            if try list.elements().isEmpty { sawEmptyRotationList = true }
        } else {
            let known = "KeyMetadata (describe-key), KeyRotationEnabled (get-key-rotation-status) or Rotations (list-key-rotations)"
            throw response.node.failure(
                "not an AWS KMS response: expected \(known), found keys "
                    + object.keys.sorted().joined(separator: ", "))
        }
    }

    /// A second response of one command for one key: which one to believe cannot be told, so neither is.
    private static func duplicate(
        _ command: String, id: String, at node: JSONNode, earlier: Placed, from input: Int
    ) -> CollectionFailure {
        let place = earlier.input == input ? earlier.node.path : "\(earlier.node.path) of \(earlier.node.file)"
        return node.failure("duplicate \(command) response for KeyId '\(id)' (also at \(place))")
    }

    func keys() throws(MisplacedResponse) -> [Key] {
        let missing = "without its describe-key response in this file or the run's other aws-kms inputs"
        // The first orphan by key id is named; finding it needs no sort of every key.
        if let (id, status) = rotationStatus.filter({ metadataPosition[$0.key] == nil }).min(by: { $0.key < $1.key }) {
            throw MisplacedResponse(input: status.input, failure: status.node.failure("rotation status for KeyId '\(id)' \(missing)"))
        }
        if let (id, placed) = rotations.filter({ metadataPosition[$0.key] == nil && !$0.value.isEmpty }).min(by: { $0.key < $1.key }),
            let first = placed.first
        {
            throw MisplacedResponse(input: first.input, failure: first.node.failure("rotations of KeyId '\(id)' \(missing)"))
        }
        var keys: [Key] = []
        for (id, placed) in metadata {
            do {
                let (arn, record) = try key(id: id, metadata: placed.node)
                var contributors: Set<Int> = [placed.input]
                if let status = rotationStatus[id] { contributors.insert(status.input) }
                for rotation in rotations[id] ?? [] { contributors.insert(rotation.input) }
                keys.append(Key(arn: arn, record: record, describedIn: placed.input, contributors: contributors))
            } catch {
                throw MisplacedResponse(input: placed.input, failure: error)
            }
        }
        return keys
    }

    private func key(id: String, metadata node: JSONNode) throws(CollectionFailure) -> (arn: String, record: KeyEvidence) {
        let arn = try node.required("Arn").nonEmptyString()
        let created = try node.required("CreationDate").timestamp()
        let legacySpec = try node.optionalString("CustomerMasterKeySpec")
        let spec = try node.optionalString("KeySpec") ?? legacySpec ?? "SYMMETRIC_DEFAULT"
        let profile = KeyAlgorithm.awsKMS(spec)
        let state = try node.optionalString("KeyState") ?? "Enabled"
        let origin = try node.optionalString("Origin") ?? "AWS_KMS"
        let manager = try node.optionalString("KeyManager") ?? "CUSTOMER"

        var material = [KeyEvidence.Material(id: nil, createdAt: created, origin: "creation", state: nil)]
        var rotationNodes: [JSONValue] = []
        for rotation in (rotations[id] ?? []).map(\.node) {
            rotationNodes.append(rotation.value)
            let materialID = try rotation.optionalString("KeyMaterialId")
            let state = try rotation.optionalString("KeyMaterialState")
            // The initial material (ALL_KEY_MATERIAL listings) has no RotationDate: it is the creation.
            guard let date = try rotation.optionalTimestamp("RotationDate") else {
                if materialID != nil { material[0].id = materialID; material[0].state = state }
                continue
            }
            let type = try rotation.optionalString("RotationType") ?? "AUTOMATIC"
            material.append(KeyEvidence.Material(id: materialID, createdAt: date, origin: type, state: state))
        }

        // KMS rotates only symmetric encryption keys whose material it made (botocore: UnsupportedOperationException).
        var cannotRotateReason: String?
        if profile.keyClass != "symmetric" {
            cannotRotateReason = "AWS KMS cannot rotate \(spec) keys (only symmetric encryption keys)"
        } else if origin != "AWS_KMS" {
            cannotRotateReason = "AWS KMS cannot rotate keys with origin \(origin) (imported or custom key store material)"
        }
        var native: [String: JSONValue] = ["KeyMetadata": node.value]
        if !rotationNodes.isEmpty { native["Rotations"] = .array(rotationNodes) }
        if let status = rotationStatus[id]?.node { native["RotationStatus"] = status.value }
        var record = KeyEvidence(
            platform: "aws-kms", keyID: id, name: try node.optionalString("Description").flatMap { $0.isEmpty ? nil : $0 } ?? id,
            algorithm: profile, usage: try node.optionalString("KeyUsage"), isEnabled: try node.optionalBool("Enabled") ?? (state == "Enabled"),
            state: state, managedBy: manager == "AWS" ? "provider" : "customer", createdAt: created, cannotRotateReason: cannotRotateReason,
            material: material, isHistoryComplete: rotations[id] != nil || (sawEmptyRotationList && metadata.count == 1),
            deletionScheduledAt: try node.optionalTimestamp("DeletionDate"), native: native)

        if let status = rotationStatus[id]?.node {
            record.isRotationEnabled = try status.required("KeyRotationEnabled").bool()
            if let days = status.member("RotationPeriodInDays") {
                record.rotationPeriodSeconds = try PlatformDuration.days(days)
            } else if record.isRotationEnabled == true {
                record.rotationPeriodSeconds = 365 * 86_400  // the KMS default before periods were configurable
            }
            record.nextRotationAt = try status.optionalTimestamp("NextRotationDate")
        }
        return (arn, record)
    }
}
