import EvidenceModel
import Foundation

/// `key_algorithm`: RSA keys have at least `min_rsa_bits` and no key uses a `forbidden` algorithm;
/// every reason states the key's post-quantum readiness (DESIGN §5).
///
/// ```yaml
/// check: {type: key_algorithm, min_rsa_bits: 3072, forbidden: [RSA_1024, ECC_SECG_P256K1, SM2]}
/// ```
/// `min_rsa_bits` defaults to 2048. A `forbidden` entry matches a record's `key_spec` (the platform's
/// word) or `algorithm` (the common family, e.g. `ECDSA`), ignoring case. Readiness is the record's
/// `pq_readiness`: `classical`, `hybrid` or `post-quantum`. Works on `key` and `certificate` records,
/// which carry the same algorithm fields (``KeyAlgorithm``); events are not applicable.
public struct KeyAlgorithmCheck: ControlCheck {
    public static let type = "key_algorithm"

    public let minimumRSABits: Int
    public let forbidden: [String]

    public init(minimumRSABits: Int = 2048, forbidden: [String] = []) {
        self.minimumRSABits = minimumRSABits
        self.forbidden = forbidden
    }

    public init?(parameters: inout CheckParameters) {
        var minimum = 2048
        var isValid = true
        if let value = parameters.optional("min_rsa_bits") {
            if let bits = value.doubleValue, bits.rounded() == bits, bits > 0, bits <= 65_536 {
                minimum = Int(bits)
            } else {
                parameters.report("min_rsa_bits", "expected a whole number of bits from 1 to 65536, found \(JSONText.of(value))")
                isValid = false
            }
        }
        var forbidden: [String] = []
        if let value = parameters.optional("forbidden") {
            let names = value.arrayValue?.compactMap(\.stringValue) ?? []
            if value.arrayValue?.count == names.count, !names.isEmpty {
                forbidden = names
            } else {
                parameters.report("forbidden", "expected a list of algorithm names, found \(JSONText.of(value))")
                isValid = false
            }
        }
        guard isValid else { return nil }
        self.init(minimumRSABits: minimum, forbidden: forbidden)
    }

    public func judge(_ records: [EvidenceRecord], at instant: Date) -> CheckVerdict {
        judgeEach(records) { record in
            guard !EvidenceKind.isEvent(record.kind) else {
                return .notApplicable("\(record.data["event_name"]?.stringValue ?? "event") names no algorithm")
            }
            return judge(KeyAlgorithm(data: record.data))
        }
    }

    func judge(_ key: KeyAlgorithm?) -> CheckVerdict {
        guard let key else {
            return CheckVerdict(status: .error, reason: "no algorithm fields (algorithm, key_spec) in this record")
        }
        let algorithm = key.family
        let readiness = "post-quantum readiness: \(key.readiness?.rawValue ?? "unknown")"
        let label = Self.label(key) + " (\(key.spec))"
        var problems: [String] = []
        if let banned = forbidden.first(where: {
            $0.caseInsensitiveCompare(key.spec) == .orderedSame
                || $0.caseInsensitiveCompare(algorithm) == .orderedSame
        }) {
            problems.append("\(banned) is forbidden")
        }
        var sizeNote = ""
        if algorithm == "RSA" {
            if let bits = key.keySize {
                sizeNote = " ≥ min \(minimumRSABits) bits"
                if bits < minimumRSABits { problems.append("\(bits) bits < min \(minimumRSABits)") }
            } else {
                problems.append("RSA key size unknown")
            }
        }
        if algorithm == "unknown" { problems.append("algorithm not recognised") }
        if problems.isEmpty { return .pass("\(label)\(sizeNote); \(readiness)") }
        return .fail("\(label): \(problems.joined(separator: ", ")); \(readiness)")
    }

    /// `RSA 2048`, `ECDSA P-256`, `ML-DSA-65`, `AES 256`, `ML-DSA+ECDSA (ML-DSA-65, P-256)`.
    static func label(_ key: KeyAlgorithm) -> String {
        let algorithm = key.family, set = key.parameterSet
        switch algorithm {
        case "ML-DSA", "ML-KEM": return set.map { "\(algorithm)-\($0)" } ?? algorithm
        case "ML-DSA+ECDSA", "ML-DSA+EdDSA":
            let parts = [set.map { "ML-DSA-\($0)" }, key.curve].compactMap { $0 }
            return parts.isEmpty ? algorithm : "\(algorithm) (\(parts.joined(separator: ", ")))"
        case "ECDSA", "EdDSA", "SM2", "X-Wing": return key.curve.map { "\(algorithm) \($0)" } ?? algorithm
        default: return key.keySize.map { "\(algorithm) \($0)" } ?? algorithm
        }
    }
}
