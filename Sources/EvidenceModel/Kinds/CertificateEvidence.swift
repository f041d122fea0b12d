import Foundation

/// The `certificate` kind, the one model of its record's data: a certificate as the `x509`
/// collector reads it from its DER, or as `aws-acm` describes one; the Web PKI checks read it.
///
/// Written, a field left nil is left out of the data. Read back, a field missing or of another
/// type reads as nil (the checks then say what they could not judge); a record is never refused.
public struct CertificateEvidence: Sendable, Hashable {
    /// One embedded SCT (RFC 6962 §3.2), with the fields the checks read typed and the rest kept.
    public struct SCT: Sendable, Hashable {
        /// The SCT as written: `version`, `log_id`, `timestamp`, `hash_algorithm`, `signature_algorithm`, `extensions`.
        public let json: JSONValue

        public init(json: JSONValue) { self.json = json }

        /// The log's id, base64.
        public var logID: String { json["log_id"]?.stringValue ?? "" }
        public var timestamp: Date? { KindField.date(json["timestamp"]) }
    }

    /// The subject public key's profile (`key_algorithm`, `key_size`, …), as the key kind writes it.
    public var keyProfile: [String: JSONValue] = [:]
    /// `x509` or `aws-acm`.
    public var platform: String
    public var name: String
    public var subjectDN: String?
    public var issuerDN: String?
    public var dnsNames: [String]?
    public var ipAddresses: [String]?
    /// Lowercased DNS names and IP addresses, sorted; nil when the collector recorded none (`aws-acm`).
    public var names: [String]?
    /// Hex of the serial number's DER content octets.
    public var serial: String?
    public var notBefore: Date?
    public var notAfter: Date?
    public var signatureAlgorithm: String?
    public var sha256Fingerprint: String?
    public var isCA: Bool?
    public var isPrecertificate: Bool?
    public var subjectKeyID: String?
    public var authorityKeyID: String?
    /// RFC 9773 §4.1 ARI certificate ID (`base64url(AKI).base64url(serial)`).
    public var ariCertificateID: String?
    /// RFC 9773 §5 `replaces`, when a collector knows the order that replaced a predecessor.
    public var replaces: String?
    /// The embedded SCTs; nil when the collector did not read SCTs at all.
    public var scts: [SCT]?
    /// `aws-acm`: the certificate's status and type, where it is used, and the response as given.
    public var status: String?
    public var type: String?
    public var inUseBy: [String]?
    public var native: JSONValue?

    public init(platform: String, name: String) {
        self.platform = platform
        self.name = name
    }

    public var data: [String: JSONValue] {
        var data = keyProfile
        data["platform"] = .string(platform)
        data["name"] = .string(name)
        let texts: [(String, String?)] = [
            ("subject_dn", subjectDN), ("issuer_dn", issuerDN), ("serial", serial), ("signature_algorithm", signatureAlgorithm),
            ("sha256_fingerprint", sha256Fingerprint), ("subject_key_id", subjectKeyID), ("authority_key_id", authorityKeyID),
            ("ari_cert_id", ariCertificateID), ("replaces", replaces), ("status", status), ("type", type),
        ]
        for (key, value) in texts { data[key] = value.map(JSONValue.string) }
        data["dns_names"] = dnsNames.map { .array($0.map(JSONValue.string)) }
        data["ip_addresses"] = ipAddresses.map { .array($0.map(JSONValue.string)) }
        data["names"] = names.map { .array($0.map(JSONValue.string)) }
        data["not_before"] = notBefore.map { .string(Timestamp.format($0)) }
        data["not_after"] = notAfter.map { .string(Timestamp.format($0)) }
        data["is_ca"] = isCA.map(JSONValue.bool)
        data["precertificate"] = isPrecertificate.map(JSONValue.bool)
        data["scts"] = scts.map { .array($0.map(\.json)) }
        if let inUseBy {
            data["in_use"] = .bool(!inUseBy.isEmpty)
            data["in_use_by"] = .array(inUseBy.map(JSONValue.string))
        }
        data["native"] = native
        return data
    }

    /// The data keys of this model; the others are the key profile's.
    private static let ownKeys: Set<String> = [
        "platform", "name", "subject_dn", "issuer_dn", "dns_names", "ip_addresses", "names", "serial", "not_before", "not_after",
        "signature_algorithm", "sha256_fingerprint", "is_ca", "precertificate", "subject_key_id", "authority_key_id", "ari_cert_id",
        "replaces", "scts", "status", "type", "in_use", "in_use_by", "native",
    ]

    /// Reads a `certificate` record back, leniently.
    /// - Throws: when the record is of another kind.
    public init(record: EvidenceRecord) throws(EvidenceRecord.DecodingFailure) {
        try KindField.require(record, is: EvidenceKind.certificate)
        let data = record.data
        func strings(_ key: String) -> [String]? { data[key]?.arrayValue?.compactMap(\.stringValue) }
        self.init(platform: data["platform"]?.stringValue ?? "", name: data["name"]?.stringValue ?? record.subject)
        keyProfile = data.filter { !Self.ownKeys.contains($0.key) }
        subjectDN = data["subject_dn"]?.stringValue
        issuerDN = data["issuer_dn"]?.stringValue
        dnsNames = strings("dns_names")
        ipAddresses = strings("ip_addresses")
        names = strings("names")
        serial = data["serial"]?.stringValue
        notBefore = KindField.date(data["not_before"])
        notAfter = KindField.date(data["not_after"])
        signatureAlgorithm = data["signature_algorithm"]?.stringValue
        sha256Fingerprint = data["sha256_fingerprint"]?.stringValue
        isCA = data["is_ca"]?.boolValue
        isPrecertificate = data["precertificate"]?.boolValue
        subjectKeyID = data["subject_key_id"]?.stringValue
        authorityKeyID = data["authority_key_id"]?.stringValue
        ariCertificateID = data["ari_cert_id"]?.stringValue
        replaces = data["replaces"]?.stringValue
        scts = data["scts"]?.arrayValue?.map(SCT.init)
        status = data["status"]?.stringValue
        type = data["type"]?.stringValue
        inUseBy = strings("in_use_by")
        native = data["native"]
    }
}
