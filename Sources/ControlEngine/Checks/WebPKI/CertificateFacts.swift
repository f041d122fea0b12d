import EvidenceModel
import Foundation

/// Reads the fields of a `certificate` record (the schema of the `x509` collector, documented in
/// `Sources/Collectors/WebPKI/X509/X509CertificateCollector.swift`) for the Web PKI checks.
struct CertificateFacts {
    let record: EvidenceRecord

    private var data: [String: JSONValue] { record.data }
    private func date(_ key: String) -> Date? { data[key]?.stringValue.flatMap(Timestamp.parse) }
    private func strings(_ key: String) -> [String]? { data[key]?.arrayValue?.compactMap(\.stringValue) }

    var name: String { data["name"]?.stringValue ?? record.subject }
    var notBefore: Date? { date("not_before") }
    var notAfter: Date? { date("not_after") }
    var isCA: Bool { data["is_ca"]?.boolValue == true }
    var isPrecertificate: Bool { data["precertificate"]?.boolValue == true }
    /// Lowercased DNS names and IP addresses; nil when the collector recorded none (e.g. `aws-acm`).
    var names: Set<String>? { strings("names").map(Set.init) }
    var dnsNames: [String] { strings("dns_names") ?? [] }
    /// Hex of the serial number's DER content octets, as the `x509` collector writes it.
    var serial: String? { data["serial"]?.stringValue }
    var issuerDN: String { data["issuer_dn"]?.stringValue ?? "unknown issuer" }
    var authorityKeyID: String? { data["authority_key_id"]?.stringValue }
    var ariCertificateID: String? { data["ari_cert_id"]?.stringValue }
    /// `replaces` (RFC 9773 §5) when a collector knows the order that replaced a predecessor.
    var replaces: String? { data["replaces"]?.stringValue }

    /// The embedded SCTs' (log ID, timestamp); nil when the collector did not read SCTs at all.
    var scts: [(logID: String, at: Date?)]? {
        data["scts"]?.arrayValue?.map { ($0["log_id"]?.stringValue ?? "", $0["timestamp"]?.stringValue.flatMap(Timestamp.parse)) }
    }

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
