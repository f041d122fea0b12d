import EvidenceModel
import Foundation
import SwiftASN1
import X509

/// Reads PEM certificates (one, a bundle such as `fullchain.pem`, or a folder of them): one
/// `certificate` record per distinct certificate, subject `cert:<ARI certificate ID>` (RFC 9773).
///
/// Data: `name` (first DNS name, else the subject DN), `subject_dn`, `issuer_dn` (RFC 4514),
/// `dns_names`, `ip_addresses`, `names` (both, lowercased and sorted: the name set successors are
/// matched by), `serial` (hex of the DER content octets), `authority_key_id`, `subject_key_id` (hex),
/// `ari_cert_id`, `not_before`, `not_after`, the key fields of ``KeyAlgorithm`` (`algorithm`,
/// `key_size`, `curve`, `parameter_set`, `pq_readiness`, …), `signature_algorithm`,
/// `sha256_fingerprint`, `is_ca`, `precertificate` (RFC 6962 poison extension), `platform: x509`, and
/// `scts`: the embedded SCT list (empty when the certificate carries none), each with `version`,
/// `log_id` (base64), `timestamp` (RFC 3339, ms) and the hash and signature algorithms.
///
/// A certificate without an Authority Key Identifier (most self-signed roots) has no ARI identifier;
/// its subject is `cert:sha256:<fingerprint>` and `ari_cert_id` is absent. A file fails as a whole —
/// no PEM block, bad base64, DER that does not parse, a malformed SCT list — naming the block.
public struct X509CertificateCollector: EvidenceCollector {
    public let name = "x509"

    public init() {}

    public func records(from input: CollectorInput) throws(CollectionFailure) -> [EvidenceRecord] {
        let source = input.source
        var seen: Set<String> = []
        var records: [EvidenceRecord] = []
        for block in try PEMBlocks.certificates(in: input) {
            let data = try Self.data(of: block, input: input)
            guard let fingerprint = data["sha256_fingerprint"]?.stringValue, seen.insert(fingerprint).inserted else {
                continue  // the same certificate twice in a bundle is one observation
            }
            let subject = data["ari_cert_id"]?.stringValue.map { "cert:" + $0 } ?? "cert:sha256:" + fingerprint
            records.append(
                EvidenceRecord(
                    kind: EvidenceKind.certificate, subject: subject, observedAt: input.observedAt,
                    collector: name, origin: .observed, source: source, data: data))
        }
        return records
    }

    static func data(of block: PEMBlock, input: CollectorInput) throws(CollectionFailure) -> [String: JSONValue] {
        func place(_ problem: DERProblem) -> String { block.location + (problem.field.map { ", \($0)" } ?? "") }
        let fields: CertificateFields
        do {
            fields = try CertificateFields(der: block.der)
        } catch {
            throw input.failure(at: place(error), "not a DER X.509 certificate: \(error.reason)")
        }
        do {
            return try data(of: fields)
        } catch let failure as SCTListParser.Failure {
            throw input.failure(at: block.location + ": SCT list extension 1.3.6.1.4.1.11129.2.4.2", failure.reason)
        } catch {
            let problem = DERProblem(error)
            throw input.failure(at: place(problem), "malformed certificate extension: \(problem.reason)")
        }
    }

    private static func data(of fields: CertificateFields) throws -> [String: JSONValue] {
        let names = try DERProblem.within("subjectAltName extension") { try fields.alternativeNames }
        let key = KeyAlgorithm.subjectPublicKey(
            algorithm: fields.publicKeyAlgorithm, parameters: fields.publicKeyParameters, key: fields.publicKeyBytes)
        var certificate = CertificateEvidence(
            platform: "x509", name: names.dns.first ?? names.ip.first ?? fields.subject.description)
        certificate.keyProfile = key.data
        certificate.subjectDN = fields.subject.description
        certificate.issuerDN = fields.issuer.description
        certificate.dnsNames = names.dns
        certificate.ipAddresses = names.ip
        certificate.names = Set(names.dns.map { $0.lowercased() } + names.ip).sorted()
        certificate.serial = fields.serial.lowercaseHex
        certificate.notBefore = fields.notBefore
        certificate.notAfter = fields.notAfter
        certificate.signatureAlgorithm = SignatureAlgorithmName.of(fields.signatureAlgorithm)
        certificate.sha256Fingerprint = SHA256Hex.of(Data(fields.der))
        certificate.isCA = try DERProblem.within("basicConstraints extension") { try fields.isCertificateAuthority }
        certificate.isPrecertificate = fields.isPrecertificate
        certificate.subjectKeyID = try DERProblem.within("subjectKeyIdentifier extension", { try fields.subjectKeyIdentifier })?.lowercaseHex
        if let aki = try DERProblem.within("authorityKeyIdentifier extension", { try fields.authorityKeyIdentifier }) {
            certificate.authorityKeyID = aki.lowercaseHex
            certificate.ariCertificateID = ARICertificateID.make(authorityKeyIdentifier: aki, serial: fields.serial)
        }
        var scts: [SignedCertificateTimestamp] = []
        if let sctExtension = fields.extensions[oid: CertificateFields.sctListOID] {
            scts = try SCTListParser.parse(extensionValue: sctExtension.value)
        }
        certificate.scts = scts.map { CertificateEvidence.SCT(json: $0.jsonValue) }
        return certificate.data
    }
}
