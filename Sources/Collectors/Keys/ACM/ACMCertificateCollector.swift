import EvidenceModel
import Foundation

/// Reads `aws acm describe-certificate` (`{"Certificate": {…}}`, several in a row or an array): one
/// `certificate` record per certificate, subject `cert:acm:<arn>`.
///
/// Data: the algorithm fields of ``KeyRecord`` (from `KeyAlgorithm`, which may be `RSA_1024` for
/// imported certificates), `platform: aws-acm`, `name` (`DomainName`), `status`, `type`,
/// `not_before`, `not_after`, `in_use` (`InUseBy` is not empty), `in_use_by`, and `native`.
public struct ACMCertificateCollector: EvidenceCollector {
    public let name = "aws-acm"

    public init() {}

    public func records(from input: CollectorInput) throws(CollectionFailure) -> [EvidenceRecord] {
        var responses: [JSONNode] = []
        for document in try JSONDocuments.parse(input) {
            responses += document.value.arrayValue != nil ? try document.elements() : [document]
        }
        let source = input.source
        var seen: [String: String] = [:]
        var records: [EvidenceRecord] = []
        for response in responses {
            let certificate = try response.required("Certificate")
            let arn = try certificate.required("CertificateArn").nonEmptyString()
            if let earlier = seen[arn] { throw certificate.failure("duplicate certificate '\(arn)' (also at \(earlier))") }
            seen[arn] = certificate.path
            let algorithm = try certificate.required("KeyAlgorithm").nonEmptyString()
            var data = AlgorithmProfile.awsACM(algorithm).data
            data["platform"] = "aws-acm"
            data["name"] = .string(try certificate.optionalString("DomainName") ?? arn)
            data["status"] = try certificate.optionalString("Status").map(JSONValue.string)
            data["type"] = try certificate.optionalString("Type").map(JSONValue.string)
            data["not_before"] = try certificate.optionalTimestamp("NotBefore").map { .string(Timestamp.format($0)) }
            data["not_after"] = try certificate.optionalTimestamp("NotAfter").map { .string(Timestamp.format($0)) }
            let users =
                try certificate.member("InUseBy")?.elements().map { (node) throws(CollectionFailure) in
                    JSONValue.string(try node.string())
                } ?? []
            data["in_use"] = .bool(!users.isEmpty)
            data["in_use_by"] = .array(users)
            data["native"] = certificate.value
            records.append(
                EvidenceRecord(
                    kind: "certificate", subject: "cert:acm:" + arn, observedAt: input.observedAt,
                    collector: name, origin: .observed, source: source, data: data))
        }
        return records
    }
}
