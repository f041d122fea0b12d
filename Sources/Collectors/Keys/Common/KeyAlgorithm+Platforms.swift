import EvidenceModel

/// Each platform's algorithm words in the common vocabulary of ``KeyAlgorithm``: the factories below
/// turn them into one profile, so `key_algorithm` judges an AWS `RSA_2048`, a Vault `rsa-2048` and a
/// GCP `RSA_SIGN_PSS_2048_SHA256` alike.
extension KeyAlgorithm {
    private static func asymmetric(
        _ spec: String, _ algorithm: String, size: Int?, curve: String? = nil,
        parameterSet: String? = nil
    ) -> KeyAlgorithm {
        KeyAlgorithm(
            spec: spec, family: algorithm, keySize: size, curve: curve, parameterSet: parameterSet,
            keyClass: "asymmetric")
    }

    private static func symmetric(_ spec: String, _ algorithm: String, size: Int?) -> KeyAlgorithm {
        KeyAlgorithm(spec: spec, family: algorithm, keySize: size, keyClass: algorithm == "HMAC" ? "hmac" : "symmetric")
    }

    private static let curves: [String: (name: String, bits: Int)] = [
        "P256": ("P-256", 256), "P384": ("P-384", 384), "P521": ("P-521", 521), "SECP256K1": ("secp256k1", 256),
        "PRIME256V1": ("P-256", 256), "SECP384R1": ("P-384", 384), "SECP521R1": ("P-521", 521),
    ]

    /// The first run of digits after `prefix` in `spec` (`RSA_SIGN_PSS_2048_SHA256` → 2048).
    private static func number(in spec: String, after prefix: String) -> Int? {
        spec.dropFirst(prefix.count).split(separator: "_").lazy.compactMap { Int($0) }.first
    }

    /// AWS KMS `KeySpec` (and the deprecated `CustomerMasterKeySpec`).
    static func awsKMS(_ spec: String) -> KeyAlgorithm {
        let upper = spec.uppercased()
        if upper == "SYMMETRIC_DEFAULT" { return symmetric(spec, "AES", size: 256) }
        if upper.hasPrefix("RSA_") { return asymmetric(spec, "RSA", size: number(in: upper, after: "RSA")) }
        if upper.hasPrefix("HMAC_") { return symmetric(spec, "HMAC", size: number(in: upper, after: "HMAC")) }
        if upper == "ECC_NIST_EDWARDS25519" { return asymmetric(spec, "EdDSA", size: 256, curve: "Ed25519") }
        if upper.hasPrefix("ECC_") {
            let key = String(upper.split(separator: "_").last ?? "")
            let curve = curves[key]
            return asymmetric(spec, "ECDSA", size: curve?.bits, curve: curve?.name)
        }
        if upper == "SM2" { return asymmetric(spec, "SM2", size: 256, curve: "SM2") }
        if upper.hasPrefix("ML_DSA_") {
            return asymmetric(spec, "ML-DSA", size: nil, parameterSet: String(upper.dropFirst("ML_DSA_".count)))
        }
        return KeyAlgorithm(spec: spec, family: "unknown", keyClass: "asymmetric")
    }

    /// AWS ACM `KeyAlgorithm` (`RSA_2048`, `EC_prime256v1`).
    static func awsACM(_ spec: String) -> KeyAlgorithm {
        let upper = spec.uppercased()
        if upper.hasPrefix("RSA_") { return asymmetric(spec, "RSA", size: number(in: upper, after: "RSA")) }
        if upper.hasPrefix("EC_") {
            let curve = curves[String(upper.dropFirst(3))]
            return asymmetric(spec, "ECDSA", size: curve?.bits, curve: curve?.name)
        }
        return KeyAlgorithm(spec: spec, family: "unknown", keyClass: "asymmetric")
    }

    /// Vault transit `type`, with `key_size` (bytes, HMAC), `parameter_set` and the hybrid parts.
    static func vault(
        type: String, keySizeBytes: Int?, parameterSet: String?, hybridPQC: String?,
        hybridEC: String?
    ) -> KeyAlgorithm {
        switch type {
        case "aes128-gcm96", "aes128-cmac": return symmetric(type, "AES", size: 128)
        case "aes256-gcm96", "aes256-cmac": return symmetric(type, "AES", size: 256)
        case "chacha20-poly1305": return symmetric(type, "ChaCha20", size: 256)
        case "hmac": return symmetric(type, "HMAC", size: (keySizeBytes ?? 32) * 8)
        case "ed25519": return asymmetric(type, "EdDSA", size: 256, curve: "Ed25519")
        case "ml-dsa": return asymmetric(type, "ML-DSA", size: nil, parameterSet: parameterSet)
        case "hybrid":
            let classical = hybridEC.map {
                vault(
                    type: $0, keySizeBytes: nil, parameterSet: nil, hybridPQC: nil,
                    hybridEC: nil)
            }
            let pqSet = hybridPQC.flatMap { $0.split(separator: "-").last.map(String.init) } ?? parameterSet
            let family = "ML-DSA+" + (classical?.family ?? "ECDSA")
            return asymmetric(type, family, size: classical?.keySize, curve: classical?.curve, parameterSet: pqSet)
        default:
            if type.hasPrefix("rsa-") { return asymmetric(type, "RSA", size: Int(type.dropFirst(4))) }
            if type.hasPrefix("ecdsa-") {
                let curve = curves[type.dropFirst(6).uppercased()]
                return asymmetric(type, "ECDSA", size: curve?.bits, curve: curve?.name)
            }
            return KeyAlgorithm(spec: type, family: "unknown", keyClass: type == "managed_key" ? "asymmetric" : "symmetric")
        }
    }

    /// Cloud KMS `CryptoKeyVersionAlgorithm`.
    static func gcp(_ spec: String) -> KeyAlgorithm {
        let upper = spec.uppercased()
        switch upper {
        case "GOOGLE_SYMMETRIC_ENCRYPTION", "EXTERNAL_SYMMETRIC_ENCRYPTION": return symmetric(spec, "AES", size: 256)
        case "KEM_XWING": return asymmetric(spec, "X-Wing", size: nil, curve: "X25519", parameterSet: "768")
        case "EC_SIGN_ED25519": return asymmetric(spec, "EdDSA", size: 256, curve: "Ed25519")
        default: break
        }
        if upper.hasPrefix("AES_") { return symmetric(spec, "AES", size: number(in: upper, after: "AES")) }
        if upper.hasPrefix("HMAC_") { return symmetric(spec, "HMAC", size: number(in: upper, after: "HMAC_SHA")) }
        if upper.hasPrefix("RSA_") { return asymmetric(spec, "RSA", size: number(in: upper, after: "RSA")) }
        if upper.hasPrefix("EC_SIGN_") {
            let parts = upper.split(separator: "_")
            let curve = parts.count > 2 ? curves[String(parts[2])] : nil
            return asymmetric(spec, "ECDSA", size: curve?.bits, curve: curve?.name)
        }
        if upper.hasPrefix("PQ_SIGN_ML_DSA_") {
            return asymmetric(spec, "ML-DSA", size: nil, parameterSet: number(in: upper, after: "PQ_SIGN_ML_DSA").map(String.init))
        }
        if upper.hasPrefix("PQ_SIGN_") && upper.contains("SLH_DSA") {
            return asymmetric(spec, "SLH-DSA", size: nil, parameterSet: upper.contains("128S") ? "SHA2-128s" : nil)
        }
        if upper.hasPrefix("ML_KEM_") {
            return asymmetric(spec, "ML-KEM", size: nil, parameterSet: number(in: upper, after: "ML_KEM").map(String.init))
        }
        return KeyAlgorithm(spec: spec, family: "unknown", keyClass: "asymmetric")
    }
}
