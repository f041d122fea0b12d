import EvidenceModel
import Foundation

/// One Cloud KMS `CryptoKey` (and its listed versions) read into a ``KeyRecord``.
struct GCPCryptoKey {
    let record: KeyRecord

    init(_ key: JSONNode, versions: [JSONNode]) throws(CollectionFailure) {
        let name = try key.required("name").nonEmptyString()
        let purpose = try key.required("purpose").nonEmptyString()
        let created = try key.required("createTime").timestamp()
        let primary = key.member("primary")
        let templateAlgorithm = try key.member("versionTemplate")?.optionalString("algorithm")
        guard let algorithm = try primary?.optionalString("algorithm") ?? templateAlgorithm
        else { throw key.failure("no algorithm (neither primary.algorithm nor versionTemplate.algorithm)") }

        var material: [KeyMaterial] = []
        for version in versions {
            material.append(
                KeyMaterial(
                    id: try version.required("name").string().split(separator: "/").last.map(String.init),
                    createdAt: try version.required("createTime").timestamp(), origin: "version",
                    state: try version.optionalString("state")))
        }
        let primaryCreated = try primary?.required("createTime").timestamp()
        if let primary, let primaryCreated, !material.contains(where: { $0.createdAt == primaryCreated }) {
            let id = try primary.required("name").string().split(separator: "/").last.map(String.init)
            material.append(
                KeyMaterial(
                    id: id, createdAt: primaryCreated, origin: "version",
                    state: try primary.optionalString("state")))
        }
        material.sort { $0.createdAt < $1.createdAt }
        // The material in use: the primary, else the newest enabled version (asymmetric keys choose per call).
        let current =
            primaryCreated.flatMap { date in material.last { $0.createdAt == date } }
            ?? material.last { $0.state == "ENABLED" }
        var history = material.filter { version in current.map { version.createdAt <= $0.createdAt } ?? false }
        if history.first?.createdAt != created {
            history.insert(KeyMaterial(id: nil, createdAt: created, origin: "creation", state: nil), at: 0)
        }
        let state = current?.state ?? "ENABLED"
        var record = KeyRecord(
            platform: "gcp-kms", keyID: name, name: String(name.split(separator: "/").last ?? ""),
            algorithm: AlgorithmProfile.gcp(algorithm), usage: purpose, isEnabled: state == "ENABLED", state: state,
            createdAt: created, material: history, isHistoryComplete: current != nil, native: ["CryptoKey": key.value])
        if !versions.isEmpty { record.native["versions"] = .array(versions.map(\.value)) }
        if let period = key.member("rotationPeriod") {
            record.rotationPeriodSeconds = try PlatformDuration.seconds(period)
            record.isRotationEnabled = true
        } else {
            record.isRotationEnabled = purpose == "ENCRYPT_DECRYPT" ? false : nil
        }
        record.nextRotationAt = try key.optionalTimestamp("nextRotationTime")
        if purpose != "ENCRYPT_DECRYPT" {
            record.cannotRotateReason = "Cloud KMS rotates only ENCRYPT_DECRYPT keys automatically (purpose \(purpose))"
        }
        self.record = record
    }
}
