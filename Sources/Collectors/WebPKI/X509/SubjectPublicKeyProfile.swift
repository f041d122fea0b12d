import EvidenceModel
import SwiftASN1

/// A certificate's SubjectPublicKeyInfo in the common key vocabulary of ``KeyAlgorithm``, so
/// `key_algorithm` judges a certificate's key as it judges a KMS key.
///
/// RSA size is the modulus' bit length (RFC 8017 RSAPublicKey); EC curves come from the named-curve
/// parameter (RFC 5480); Ed25519/Ed448 from RFC 8410; ML-DSA from FIPS 204's NIST OIDs (RFC 9881).
extension KeyAlgorithm {
    private static let namedCurves: [ASN1ObjectIdentifier: (name: String, bits: Int)] = [
        [1, 2, 840, 10045, 3, 1, 7]: ("P-256", 256),
        [1, 3, 132, 0, 34]: ("P-384", 384),
        [1, 3, 132, 0, 35]: ("P-521", 521),
        [1, 3, 132, 0, 10]: ("secp256k1", 256),
        [1, 3, 36, 3, 3, 2, 8, 1, 1, 7]: ("brainpoolP256r1", 256),
        [1, 3, 36, 3, 3, 2, 8, 1, 1, 11]: ("brainpoolP384r1", 384),
    ]

    private static let mlDSA: [ASN1ObjectIdentifier: String] = [
        [2, 16, 840, 1, 101, 3, 4, 3, 17]: "44",
        [2, 16, 840, 1, 101, 3, 4, 3, 18]: "65",
        [2, 16, 840, 1, 101, 3, 4, 3, 19]: "87",
    ]

    static func subjectPublicKey(
        algorithm: ASN1ObjectIdentifier, parameters: ASN1Node?, key: ArraySlice<UInt8>
    ) -> KeyAlgorithm {
        func asymmetric(_ spec: String, _ family: String, size: Int?, curve: String? = nil, set: String? = nil) -> Self {
            KeyAlgorithm(
                spec: spec, family: family, keySize: size, curve: curve, parameterSet: set,
                keyClass: "asymmetric")
        }
        switch algorithm {
        case [1, 2, 840, 113549, 1, 1, 1]:
            let bits = rsaModulusBits(key)
            return asymmetric("rsaEncryption" + (bits.map { " \($0)" } ?? ""), "RSA", size: bits)
        case [1, 2, 840, 113549, 1, 1, 10]:
            let bits = rsaModulusBits(key)
            return asymmetric("RSASSA-PSS" + (bits.map { " \($0)" } ?? ""), "RSA", size: bits)
        case [1, 2, 840, 10045, 2, 1]:
            let curveOID = parameters.flatMap { try? ASN1ObjectIdentifier(derEncoded: $0) }
            let curve = curveOID.flatMap { namedCurves[$0] }
            let name = curve?.name ?? curveOID.map { "\($0)" } ?? "implicit curve"
            return asymmetric("id-ecPublicKey \(name)", "ECDSA", size: curve?.bits, curve: name)
        case [1, 3, 101, 112]: return asymmetric("Ed25519", "EdDSA", size: 256, curve: "Ed25519")
        case [1, 3, 101, 113]: return asymmetric("Ed448", "EdDSA", size: 456, curve: "Ed448")
        default:
            if let set = mlDSA[algorithm] { return asymmetric("ML-DSA-\(set)", "ML-DSA", size: nil, set: set) }
            return KeyAlgorithm(
                spec: "\(algorithm)", family: "unknown", keySize: nil, curve: nil,
                parameterSet: nil, keyClass: "asymmetric")
        }
    }

    /// The bit length of RSAPublicKey.modulus, or nil when the key does not parse.
    private static func rsaModulusBits(_ key: ArraySlice<UInt8>) -> Int? {
        guard let root = try? DER.parse(key),
            let modulus = try? DER.sequence(
                root, identifier: .sequence,
                { nodes in
                    let modulus = try CertificateFields.integerContent(&nodes, "modulus")
                    _ = try CertificateFields.integerContent(&nodes, "publicExponent")
                    return modulus
                })
        else { return nil }
        let significant = modulus.drop { $0 == 0 }
        guard let first = significant.first else { return 0 }
        return (significant.count - 1) * 8 + (8 - first.leadingZeroBitCount)
    }
}

/// Names of the signature algorithms Web PKI certificates use (RFC 5758, 8017, 8410, FIPS 204).
enum SignatureAlgorithmName {
    private static let names: [ASN1ObjectIdentifier: String] = [
        [1, 2, 840, 113549, 1, 1, 5]: "sha1WithRSAEncryption",
        [1, 2, 840, 113549, 1, 1, 11]: "sha256WithRSAEncryption",
        [1, 2, 840, 113549, 1, 1, 12]: "sha384WithRSAEncryption",
        [1, 2, 840, 113549, 1, 1, 13]: "sha512WithRSAEncryption",
        [1, 2, 840, 113549, 1, 1, 10]: "RSASSA-PSS",
        [1, 2, 840, 10045, 4, 3, 2]: "ecdsa-with-SHA256",
        [1, 2, 840, 10045, 4, 3, 3]: "ecdsa-with-SHA384",
        [1, 2, 840, 10045, 4, 3, 4]: "ecdsa-with-SHA512",
        [1, 3, 101, 112]: "Ed25519",
        [1, 3, 101, 113]: "Ed448",
        [2, 16, 840, 1, 101, 3, 4, 3, 17]: "ML-DSA-44",
        [2, 16, 840, 1, 101, 3, 4, 3, 18]: "ML-DSA-65",
        [2, 16, 840, 1, 101, 3, 4, 3, 19]: "ML-DSA-87",
    ]

    /// The conventional name, or the dotted OID for algorithms not listed.
    static func of(_ oid: ASN1ObjectIdentifier) -> String { names[oid] ?? "\(oid)" }
}
