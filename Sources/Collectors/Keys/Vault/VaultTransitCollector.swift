import EvidenceModel
import Foundation

/// Reads `vault read -format=json transit/keys/NAME` (one response, several in a row, or an array):
/// one `key` record per key, subject `key:vault:<mount>/<name>`, with the fields of ``KeyEvidence``.
///
/// The response names no mount: it is `transit` unless `--subject key:vault:MOUNT/NAME` says
/// otherwise (for a file with one key). `keys` is either `{"<version>": <unix seconds>}` (AES,
/// ChaCha20, HMAC) or `{"<version>": {"creation_time": RFC 3339, …}}` (asymmetric, ML-DSA, hybrid);
/// the current material is `keys[latest_version]`. Vault rotates every key type it makes; only
/// imported keys without `imported_key_allow_rotation` and managed keys cannot be rotated.
public struct VaultTransitCollector: EvidenceCollector {
    public let name = "vault-transit"

    public init() {}

    public func records(from input: CollectorInput) throws(CollectionFailure) -> [EvidenceRecord] {
        var responses: [JSONNode] = []
        for document in try JSONDocuments.parse(input) {
            responses += document.value.arrayValue != nil ? try document.elements() : [document]
        }
        if let subject = input.subject, responses.count != 1 {
            throw input.failure(at: "subject", "--subject '\(subject)' names one key, but the file has \(responses.count)")
        }
        let source = input.source
        var seen: [String: String] = [:]
        var records: [EvidenceRecord] = []
        for response in responses {
            let key = try VaultTransitKey(response: response)
            let subject = try self.subject(for: key.name, given: input.subject, input: input)
            if let earlier = seen[subject] {
                throw response.failure("duplicate key '\(key.name)' (also at \(earlier))")
            }
            seen[subject] = response.path
            records.append(
                EvidenceRecord(
                    kind: EvidenceKind.key, subject: subject, observedAt: input.observedAt, collector: name,
                    origin: .observed, source: source, data: key.record.data))
        }
        return records
    }

    private func subject(for keyName: String, given: String?, input: CollectorInput) throws(CollectionFailure) -> String {
        guard let given else { return "key:vault:transit/\(keyName)" }
        guard given.hasPrefix("key:vault:"), given.contains("/"), Subject.problem(with: given) == nil else {
            throw input.failure(at: "subject", "expected 'key:vault:MOUNT/NAME', got '\(given)'")
        }
        return given
    }
}
