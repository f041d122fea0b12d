import EvidenceModel
import Foundation
import SwiftASN1
import X509

/// The fields of one X.509 certificate that evidence needs, read from its DER (RFC 5280 §4.1).
///
/// The TBSCertificate is walked with SwiftASN1 and its names and extensions are decoded by
/// swift-certificates' own types (``DistinguishedName``, ``AuthorityKeyIdentifier``,
/// ``SubjectAlternativeNames``, ``BasicConstraints``). `X509.Certificate(derEncoded:)` itself is not
/// used because it insists on a key it can verify with: it rejects RSA keys under 2048 bits, ML-DSA,
/// Ed448 and brainpool keys, and those are exactly the certificates an audit must still see.
struct CertificateFields {
    let der: [UInt8]
    /// The serial number's DER content octets (with the leading 0x00 a positive high-bit serial needs).
    let serial: ArraySlice<UInt8>
    let issuer: DistinguishedName
    let subject: DistinguishedName
    let notBefore: Date
    let notAfter: Date
    let publicKeyAlgorithm: ASN1ObjectIdentifier
    let publicKeyParameters: ASN1Node?
    let publicKeyBytes: ArraySlice<UInt8>
    let signatureAlgorithm: ASN1ObjectIdentifier
    let extensions: Certificate.Extensions

    /// The fields of `der`, or what is wrong with it and in which field.
    init(der: [UInt8]) throws(DERProblem) {
        self.der = der
        if let length = Self.encodedLength(der), length < der.count {
            throw DERProblem(field: "Certificate", "\(der.count - length) bytes follow the end of the certificate")
        }
        let root = try DERProblem.within("Certificate") { try DER.parse(der) }
        let parts: (tbs: ASN1Node, signature: ASN1ObjectIdentifier) = try DERProblem.within("Certificate") {
            try DER.sequence(root, identifier: .sequence) { nodes in
                guard let tbs = nodes.next() else { throw DERProblem("no TBSCertificate") }
                let algorithm = try DERProblem.within("signatureAlgorithm") { try Self.algorithm(&nodes) }
                _ = try DERProblem.within("signatureValue") { try ASN1BitString(derEncoded: &nodes) }
                return (tbs, algorithm.oid)
            }
        }
        signatureAlgorithm = parts.signature
        let fields = try DERProblem.within("TBSCertificate") {
            try DER.sequence(parts.tbs, identifier: .sequence) { nodes in
                let version = try DERProblem.within("version") {
                    try DER.decodeDefaultExplicitlyTagged(&nodes, tagNumber: 0, tagClass: .contextSpecific, defaultValue: Int(0))
                }
                guard (0...2).contains(version) else { throw DERProblem(field: "version", "X.509 version \(version + 1) does not exist") }
                let serial = try DERProblem.within("serialNumber") { try Self.integerContent(&nodes, "serialNumber") }
                _ = try DERProblem.within("signature") { try Self.algorithm(&nodes) }
                let issuer = try DERProblem.within("issuer") { try Self.name(&nodes) }
                let validity = try DERProblem.within("validity") {
                    try Self.nested(&nodes) { times in (try Self.time(&times), try Self.time(&times)) }
                }
                let subject = try DERProblem.within("subject") { try Self.name(&nodes) }
                let key = try DERProblem.within("subjectPublicKeyInfo") {
                    try Self.nested(&nodes) { spki in (try Self.algorithm(&spki), try ASN1BitString(derEncoded: &spki).bytes) }
                }
                _ = try DERProblem.within("issuerUniqueID") {
                    try DER.optionalImplicitlyTagged(&nodes, tag: ASN1Identifier(tagWithNumber: 1, tagClass: .contextSpecific))
                        as ASN1BitString?
                }
                _ = try DERProblem.within("subjectUniqueID") {
                    try DER.optionalImplicitlyTagged(&nodes, tag: ASN1Identifier(tagWithNumber: 2, tagClass: .contextSpecific))
                        as ASN1BitString?
                }
                let extensions = try DERProblem.within("extensions") {
                    try DER.optionalExplicitlyTagged(&nodes, tagNumber: 3, tagClass: .contextSpecific) {
                        try DER.sequence(of: Certificate.Extension.self, identifier: .sequence, rootNode: $0)
                    }
                }
                return (serial, issuer, validity, subject, key, extensions ?? [])
            }
        }
        (serial, issuer, subject) = (fields.0, fields.1, fields.3)
        (notBefore, notAfter) = fields.2
        publicKeyAlgorithm = fields.4.0.oid
        publicKeyParameters = fields.4.0.parameters
        publicKeyBytes = fields.4.1
        extensions = try DERProblem.within("extensions") { try Certificate.Extensions(fields.5) }
    }

    /// The length (header and content) of the SEQUENCE that starts `bytes`, or nil when they do not
    /// start with a SEQUENCE header (the parser then says why).
    private static func encodedLength(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 2, bytes[0] == 0x30 else { return nil }
        let first = Int(bytes[1])
        guard first & 0x80 != 0 else { return 2 + first }
        let count = first & 0x7F
        guard (1...4).contains(count), bytes.count >= 2 + count else { return nil }
        return 2 + count + bytes[2..<2 + count].reduce(0) { $0 << 8 | Int($1) }
    }

    /// AlgorithmIdentifier ::= SEQUENCE { algorithm OBJECT IDENTIFIER, parameters ANY OPTIONAL }.
    private static func algorithm(
        _ nodes: inout ASN1NodeCollection.Iterator
    ) throws -> (oid: ASN1ObjectIdentifier, parameters: ASN1Node?) {
        try nested(&nodes) { inner in (try ASN1ObjectIdentifier(derEncoded: &inner), inner.next()) }
    }

    /// An INTEGER's content octets exactly as encoded: SwiftASN1's integer reading drops the 0x00 that
    /// keeps a high-bit serial positive, and the ARI identifier needs it.
    static func integerContent(_ nodes: inout ASN1NodeCollection.Iterator, _ field: String) throws -> ArraySlice<UInt8> {
        guard let node = nodes.next(), node.identifier == .integer, case .primitive(let octets) = node.content,
            !octets.isEmpty
        else { throw DERProblem("\(field) is not an INTEGER") }
        return octets
    }

    /// The next node, read as a Name (DistinguishedName is DERParseable; its implicit tagging is deprecated).
    private static func name(_ nodes: inout ASN1NodeCollection.Iterator) throws -> DistinguishedName {
        guard let node = nodes.next() else { throw DERProblem("the field is missing") }
        return try DistinguishedName(derEncoded: node)
    }

    /// The next node, read as a SEQUENCE.
    private static func nested<T>(
        _ nodes: inout ASN1NodeCollection.Iterator, _ body: (inout ASN1NodeCollection.Iterator) throws -> T
    ) throws -> T {
        guard let node = nodes.next() else { throw DERProblem("the field is missing") }
        return try DER.sequence(node, identifier: .sequence, body)
    }

    /// Time ::= CHOICE { utcTime UTCTime, generalTime GeneralizedTime }.
    private static func time(_ nodes: inout ASN1NodeCollection.Iterator) throws -> Date {
        guard let node = nodes.next() else { throw DERProblem("a time is missing") }
        let parts: (year: Int, month: Int, day: Int, hours: Int, minutes: Int, seconds: Int)
        switch node.identifier {
        case .utcTime:
            let t = try UTCTime(derEncoded: node)
            parts = (t.year, t.month, t.day, t.hours, t.minutes, t.seconds)
        case .generalizedTime:
            let t = try GeneralizedTime(derEncoded: node)
            parts = (t.year, t.month, t.day, t.hours, t.minutes, t.seconds)
        default:
            throw DERProblem("a time is neither UTCTime nor GeneralizedTime")
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let components = DateComponents(
            year: parts.year, month: parts.month, day: parts.day, hour: parts.hours,
            minute: parts.minutes, second: parts.seconds)
        guard let date = calendar.date(from: components) else {
            throw DERProblem("a time is not a calendar date")
        }
        return date
    }
}

extension CertificateFields {
    static let sctListOID: ASN1ObjectIdentifier = [1, 3, 6, 1, 4, 1, 11129, 2, 4, 2]
    static let precertificatePoisonOID: ASN1ObjectIdentifier = [1, 3, 6, 1, 4, 1, 11129, 2, 4, 3]

    /// The AKI extension's keyIdentifier, when the certificate has one.
    var authorityKeyIdentifier: ArraySlice<UInt8>? {
        get throws { try extensions.authorityKeyIdentifier?.keyIdentifier }
    }

    var subjectKeyIdentifier: ArraySlice<UInt8>? {
        get throws { try extensions.subjectKeyIdentifier?.keyIdentifier }
    }

    var isCertificateAuthority: Bool {
        get throws {
            if case .isCertificateAuthority = try extensions.basicConstraints { return true }
            return false
        }
    }

    /// RFC 6962 §3.1: a precertificate carries the critical poison extension.
    var isPrecertificate: Bool { extensions[oid: Self.precertificatePoisonOID] != nil }

    /// The SAN extension's DNS names (as written) and IP addresses (as text).
    var alternativeNames: (dns: [String], ip: [String]) {
        get throws {
            var dns: [String] = []
            var ip: [String] = []
            for name in try extensions.subjectAlternativeNames ?? SubjectAlternativeNames() {
                switch name {
                case .dnsName(let host): dns.append(host)
                case .ipAddress(let octets): ip.append(Self.ipText([UInt8](octets.bytes)))
                default: continue
                }
            }
            return (dns, ip)
        }
    }

    /// Dotted IPv4, or IPv6 as eight groups of hex (no `::` shortening, so the text is unambiguous).
    static func ipText(_ bytes: [UInt8]) -> String {
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        guard bytes.count == 16 else { return bytes.lowercaseHex }
        return stride(from: 0, to: 16, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
            .joined(separator: ":")
    }
}
