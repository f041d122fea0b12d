/// Why a bundle could not be written or does not verify: the first failure found, named.
public enum BundleError: Error, Sendable, Equatable, CustomStringConvertible {
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
        case .container(let reason): "bundle: \(reason)"
        case .manifest(let reason): "manifest: \(reason)"
        case .digest(let reason): "digest: \(reason)"
        case .proof(let reason): "proof: \(reason)"
        case .write(let reason): "cannot write the bundle: \(reason)"
        }
    }
}
