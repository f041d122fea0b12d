import EvidenceModel
import Foundation

/// Reads `gcloud kms keys list|describe --format=json` (a `CryptoKey` or an array of them), optionally
/// with `gcloud kms keys versions list --format=json` output in the same file: one `key` record per
/// key, subject `key:<resource name>`, with the fields of ``KeyEvidence``.
///
/// The current material is `primary.createTime` (symmetric keys); for asymmetric keys, which have no
/// primary, it is the newest `ENABLED` version listed, else the key's `createTime`. Durations are
/// protobuf strings (`"7776000s"`). Cloud KMS rotates only `ENCRYPT_DECRYPT` keys automatically.
public struct GCPKMSCollector: EvidenceCollector {
    public let name = "gcp-kms"

    public init() {}

    public func records(from input: CollectorInput) throws(CollectionFailure) -> [EvidenceRecord] {
        var keys: [JSONNode] = []
        var versions: [String: [JSONNode]] = [:]
        var firstPlace: [String: String] = [:]
        for document in try JSONDocuments.parse(input) {
            for resource in document.value.arrayValue != nil ? try document.elements() : [document] {
                let name = try resource.required("name").nonEmptyString()
                // A key or version listed twice (a listing saved twice in one file) would count twice or hide one.
                if let earlier = firstPlace[name] { throw resource.failure("duplicate resource '\(name)' (also at \(earlier))") }
                firstPlace[name] = resource.path
                if let range = name.range(of: "/cryptoKeyVersions/") {
                    versions[String(name[..<range.lowerBound]), default: []].append(resource)
                } else if name.contains("/cryptoKeys/") {
                    keys.append(resource)
                } else {
                    throw resource.member("name").map { $0.failure("'\(name)' is not a Cloud KMS CryptoKey or CryptoKeyVersion name") }
                        ?? resource.failure("no name")
                }
            }
        }
        let keyNames = Set(try keys.map { (key) throws(CollectionFailure) in try key.required("name").string() })
        for (keyName, list) in versions.sorted(by: { $0.key < $1.key }) where !keyNames.contains(keyName) {
            if let first = list.first {
                throw first.failure("version of '\(keyName)' without that key's describe or list entry in this file")
            }
        }
        let source = input.source
        var records: [EvidenceRecord] = []
        for key in keys {
            let cryptoKey = try GCPCryptoKey(key, versions: versions[try key.required("name").string()] ?? [])
            records.append(
                EvidenceRecord(
                    kind: EvidenceKind.key, subject: "key:" + cryptoKey.name, observedAt: input.observedAt,
                    collector: name, origin: .observed, source: source, data: cryptoKey.record.data))
        }
        return records
    }
}
