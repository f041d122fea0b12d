import EvidenceModel
import Foundation

/// One Cloud KMS `CryptoKey` (and its listed versions) read into a ``KeyEvidence``.
struct GCPCryptoKey {
    /// The key's resource name (`projects/…/cryptoKeys/NAME`): its record's subject is `key:<name>`.
    let name: String
    let record: KeyEvidence

    init(_ key: JSONNode, versions: [JSONNode]) throws(CollectionFailure) {
        name = try key.required("name").nonEmptyString()
        let purpose = try key.required("purpose").nonEmptyString()
        let created = try key.required("createTime").timestamp()
        let primary = key.member("primary")
        let templateAlgorithm = try key.member("versionTemplate")?.optionalString("algorithm")
        guard let algorithm = try primary?.optionalString("algorithm") ?? templateAlgorithm
        else { throw key.failure("no algorithm (neither primary.algorithm nor versionTemplate.algorithm)") }

        var versionsFound: [(id: String?, created: Date, state: String?)] = []
        for version in versions {
            versionsFound.append(
                (
                    id: try version.required("name").string().split(separator: "/").last.map(String.init),
                    created: try version.required("createTime").timestamp(), state: try version.optionalString("state")
                ))
        }
        let primaryCreated = try primary?.required("createTime").timestamp()
        if let primary, let primaryCreated, !versionsFound.contains(where: { $0.created == primaryCreated }) {
            let id = try primary.required("name").string().split(separator: "/").last.map(String.init)
            versionsFound.append((id: id, created: primaryCreated, state: try primary.optionalString("state")))
        }
        versionsFound.sort { $0.created < $1.created }
        // The material in use: the primary, else the newest enabled version (asymmetric keys choose per call).
        let current =
            primaryCreated.flatMap { date in versionsFound.last { $0.created == date } }
            ?? versionsFound.last { $0.state == "ENABLED" }
        var history = versionsFound.filter { version in current.map { version.created <= $0.created } ?? false }.map {
            KeyEvidence.Material(id: $0.id, createdAt: $0.created, origin: "version", state: $0.state)
        }
        if history.first?.createdAt != created {
            history.insert(KeyEvidence.Material(id: nil, createdAt: created, origin: "creation", state: nil), at: 0)
        }
        let state = current?.state ?? "ENABLED"
        var native: [String: JSONValue] = ["CryptoKey": key.value]
        if !versions.isEmpty { native["versions"] = .array(versions.map(\.value)) }
        var record = KeyEvidence(
            platform: "gcp-kms", keyID: name, name: String(name.split(separator: "/").last ?? ""),
            algorithm: KeyAlgorithm.gcp(algorithm), usage: purpose, isEnabled: state == "ENABLED", state: state,
            createdAt: created,
            cannotRotateReason: purpose == "ENCRYPT_DECRYPT"
                ? nil : "Cloud KMS rotates only ENCRYPT_DECRYPT keys automatically (purpose \(purpose))",
            material: history, isHistoryComplete: current != nil, native: native)
        if let period = key.member("rotationPeriod") {
            record.rotationPeriodSeconds = try PlatformDuration.seconds(period)
            record.isRotationEnabled = true
        } else {
            record.isRotationEnabled = purpose == "ENCRYPT_DECRYPT" ? false : nil
        }
        record.nextRotationAt = try key.optionalTimestamp("nextRotationTime")
        self.record = record
    }
}
