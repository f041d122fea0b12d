/// Why a bundle could not be written or does not verify: the first failure found, named.
public enum BundleError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not a bundle at all: empty, or not a zip archive from its first byte (an input error, not tampering).
    case notABundle(String)
    /// Not a readable zip, too large, or with entries that could escape an extraction folder.
    case container(String)
    /// The DSSE envelope or its in-toto statement is malformed or wrongly signed.
    case manifest(String)
    /// A file's bytes differ from the digest the signed manifest lists, or a file is missing or extra.
    case digest(String)
    /// A checkpoint, record proof or consistency proof does not verify.
    case proof(String)
    /// Writing the bundle failed.
    case write(String)

    public var description: String {
        switch self {
        case .notABundle(let reason): "not a bundle: \(reason)"
        case .container(let reason): "bundle: \(reason)"
        case .manifest(let reason): "manifest: \(reason)"
        case .digest(let reason): "digest: \(reason)"
        case .proof(let reason): "proof: \(reason)"
        case .write(let reason): "cannot write the bundle: \(reason)"
        }
    }
}
