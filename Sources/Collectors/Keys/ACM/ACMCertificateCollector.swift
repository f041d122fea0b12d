import EvidenceModel
import Foundation

/// Reads `aws acm describe-certificate` (`{"Certificate": {…}}`, several in a row or an array): one
/// `certificate` record per certificate, subject `cert:acm:<arn>`.
///
/// Data: the algorithm fields of ``KeyAlgorithm`` (from ACM's `KeyAlgorithm`, which may be `RSA_1024` for
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
            var evidence = CertificateEvidence(platform: "aws-acm", name: try certificate.optionalString("DomainName") ?? arn)
            evidence.keyProfile = KeyAlgorithm.awsACM(algorithm).data
            evidence.status = try certificate.optionalString("Status")
            evidence.type = try certificate.optionalString("Type")
            evidence.notBefore = try certificate.optionalTimestamp("NotBefore")
            evidence.notAfter = try certificate.optionalTimestamp("NotAfter")
            evidence.inUseBy =
                try certificate.member("InUseBy")?.elements().map { (node) throws(CollectionFailure) in try node.string() } ?? []
            evidence.native = certificate.value
            records.append(
                EvidenceRecord(
                    kind: EvidenceKind.certificate, subject: "cert:acm:" + arn, observedAt: input.observedAt,
                    collector: name, origin: .observed, source: source, data: evidence.data))
        }
        return records
    }
}
