import EvidenceModel
import Foundation

/// A `certificate` record as the Web PKI checks read it, through the kind's one model
/// (``CertificateEvidence``), with the facts the checks derive from it.
struct CertificateFacts {
    let record: EvidenceRecord
    let certificate: CertificateEvidence

    init(record: EvidenceRecord) {
        self.record = record
        certificate = (try? CertificateEvidence(record: record)) ?? CertificateEvidence(platform: "", name: record.subject)
    }

    var name: String { certificate.name }
    var notBefore: Date? { certificate.notBefore }
    var notAfter: Date? { certificate.notAfter }
    var isCA: Bool { certificate.isCA == true }
    var isPrecertificate: Bool { certificate.isPrecertificate == true }
    /// Lowercased DNS names and IP addresses; nil when the collector recorded none (e.g. `aws-acm`).
    var names: Set<String>? { certificate.names.map(Set.init) }
    var dnsNames: [String] { certificate.dnsNames ?? [] }
    /// Hex of the serial number's DER content octets, as the `x509` collector writes it.
    var serial: String? { certificate.serial }
    var issuerDN: String { certificate.issuerDN ?? "unknown issuer" }
    var authorityKeyID: String? { certificate.authorityKeyID }
    var ariCertificateID: String? { certificate.ariCertificateID }
    /// `replaces` (RFC 9773 §5) when a collector knows the order that replaced a predecessor.
    var replaces: String? { certificate.replaces }

    /// The embedded SCTs' (log ID, timestamp); nil when the collector did not read SCTs at all.
    var scts: [(logID: String, at: Date?)]? { certificate.scts?.map { ($0.logID, $0.timestamp) } }

    /// When the CA really issued it: the earliest SCT (the precertificate was logged just before
    /// issuance), else notBefore, which CAs backdate (Boulder by about an hour).
    var issuance: (at: Date, basis: String)? {
        if let earliest = scts?.compactMap(\.at).min() { return (earliest, "earliest SCT") }
        return notBefore.map { ($0, "notBefore, which CAs may backdate by about an hour") }
    }

    var lifetime: TimeInterval? {
        guard let notBefore, let notAfter else { return nil }
        return notAfter.timeIntervalSince(notBefore)
    }

    /// Why a certificate is outside the Web PKI checks, or nil when they apply to it.
    var notApplicableReason: String? {
        if isCA { return "CA certificate (\(name)): the Web PKI checks judge end-entity certificates" }
        if isPrecertificate { return "precertificate (RFC 6962 poison extension): the final certificate is judged" }
        return nil
    }
}

extension CheckParameters {
    /// An optional whole number ≥ `minimum`: nil when absent, and nil with a problem recorded when it
    /// is not one (an initializer then fails on ``problems``).
    mutating func wholeNumber(_ key: String, minimum: Int = 1) -> Int? {
        guard let value = optional(key) else { return nil }
        guard let number = value.doubleValue, number == number.rounded(), number >= Double(minimum), number < 1e6 else {
            report(key, "expected a whole number ≥ \(minimum), found \(value.stringValue ?? JSONText.of(value))")
            return nil
        }
        return Int(number)
    }
}
