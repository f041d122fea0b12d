/// A key's algorithm in the one vocabulary `key` and `certificate` records share (family, size,
/// curve, post-quantum readiness), so `key_algorithm` judges an AWS `RSA_2048`, a Vault `rsa-2048`
/// and a certificate's RSA key alike. The collectors turn each platform's words into it.
///
/// Read back, a record without `algorithm` and `key_spec` has no algorithm; the other fields read
/// as nil when missing or of another type.
public struct KeyAlgorithm: Sendable, Hashable {
    public enum Readiness: String, Sendable, Hashable {
        case classical, hybrid
        case postQuantum = "post-quantum"
    }

    /// The platform's own word (`SYMMETRIC_DEFAULT`, `aes256-gcm96`, `PQ_SIGN_ML_DSA_65`).
    public var spec: String
    /// The normalized family: `AES`, `ChaCha20`, `HMAC`, `RSA`, `ECDSA`, `EdDSA`, `SM2`, `ML-DSA`,
    /// `SLH-DSA`, `ML-KEM`, `X-Wing`, `ML-DSA+ECDSA` (hybrid), `unknown`.
    public var family: String
    /// Bits: the RSA modulus, the curve's size, the symmetric key's length.
    public var keySize: Int?
    /// `P-256`, `secp256k1`, `Ed25519`.
    public var curve: String?
    /// `44`/`65`/`87` for ML-DSA, `768`/`1024` for ML-KEM.
    public var parameterSet: String?
    /// `symmetric`, `asymmetric` or `hmac`.
    public var keyClass: String?
    public var readiness: Readiness?

    /// A profile whose readiness follows from its family and size.
    public init(spec: String, family: String, keySize: Int? = nil, curve: String? = nil, parameterSet: String? = nil, keyClass: String) {
        self.spec = spec
        self.family = family
        self.keySize = keySize
        self.curve = curve
        self.parameterSet = parameterSet
        self.keyClass = keyClass
        self.readiness = Self.readiness(family: family, keySize: keySize)
    }

    /// `classical`, `hybrid` or `post-quantum`.
    public static func readiness(family: String, keySize: Int?) -> Readiness {
        switch family {
        case "ML-DSA", "SLH-DSA", "ML-KEM": .postQuantum
        case "X-Wing", "ML-DSA+ECDSA", "ML-DSA+EdDSA": .hybrid
        // Grover's search halves a symmetric key's strength: 256-bit keys stay at 128-bit security.
        case "AES", "ChaCha20", "HMAC": (keySize ?? 0) >= 256 ? .postQuantum : .classical
        default: .classical
        }
    }

    /// `key_spec`, `algorithm`, `key_size`, `curve`, `parameter_set`, `key_class`, `pq_readiness`.
    public var data: [String: JSONValue] {
        var data: [String: JSONValue] = ["key_spec": .string(spec), "algorithm": .string(family)]
        data["key_class"] = keyClass.map(JSONValue.string)
        data["pq_readiness"] = readiness.map { .string($0.rawValue) }
        data["key_size"] = keySize.map { .number(Double($0)) }
        data["curve"] = curve.map(JSONValue.string)
        data["parameter_set"] = parameterSet.map(JSONValue.string)
        return data
    }

    /// The algorithm fields of a record's data; nil when it has no `algorithm` or no `key_spec`.
    public init?(data: [String: JSONValue]) {
        guard let family = data["algorithm"]?.stringValue, let spec = data["key_spec"]?.stringValue else { return nil }
        self.spec = spec
        self.family = family
        keySize = KindField.integer(data["key_size"])
        curve = data["curve"]?.stringValue
        parameterSet = data["parameter_set"]?.stringValue
        keyClass = data["key_class"]?.stringValue
        readiness = data["pq_readiness"]?.stringValue.flatMap(Readiness.init)
    }
}
