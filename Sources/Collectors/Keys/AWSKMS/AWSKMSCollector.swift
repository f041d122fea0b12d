import EvidenceModel
import Foundation

/// Reads `aws kms describe-key`, `get-key-rotation-status` and `list-key-rotations` JSON: one `key`
/// record per key, merged by `KeyId`, with the fields of ``KeyRecord``.
///
/// A file holds one response, several written one after another, or a JSON array of them (inventory
/// scripts loop over all keys). Every key needs its `describe-key` response in the same file: it
/// carries the ARN that names the subject. The age of the current material is the newest
/// `RotationDate` of `list-key-rotations`, else the key's `CreationDate`. An empty
/// `{"Rotations": []}` names no key: it counts as "never rotated" only in a file describing one key.
/// Responses are merged within a file: the collector interface sees one file at a time, so a key's
/// three responses spread over three files of a folder are not joined (write them to one file).
public struct AWSKMSCollector: EvidenceCollector {
    public let name = "aws-kms"

    public init() {}

    public func records(from input: CollectorInput) throws(CollectionFailure) -> [EvidenceRecord] {
        var responses = AWSKMSResponses()
        for document in try JSONDocuments.parse(input) {
            if document.value.arrayValue != nil {
                for element in try document.elements() { try responses.add(element) }
            } else {
                try responses.add(document)
            }
        }
        let keys = try responses.keys(in: input)
        let source = input.source
        return keys.map { key in
            EvidenceRecord(kind: "key", subject: "key:" + key.arn, observedAt: input.observedAt, collector: name,
                           origin: .observed, source: source, data: key.record.data)
        }
    }
}
