import EvidenceStore

/// Everything that can stop a Vigil command, each with the exit code of DESIGN §7.
public enum VigilError: Error, Sendable, CustomStringConvertible {
    /// Bad flags, a missing workspace, a malformed file: the user can fix it (exit 2).
    case usage(String)
    /// A file that could not be read as what it claims to be (exit 2).
    case input(file: String, reason: String)
    /// Tampering or a bad signature (exit 3).
    case verification(String)
    /// The store, the index or the file system failed (exit 4).
    case io(String)

    public var exitCode: Int32 {
        switch self {
        case .usage, .input: 2
        case .verification: 3
        case .io: 4
        }
    }

    public var description: String {
        switch self {
        case .usage(let message): message
        case .input(let file, let reason): "\(file): \(reason)"
        case .verification(let message): "verification failed: \(message)"
        case .io(let message): message
        }
    }
}

extension VigilError {
    static func store(_ error: StoreError) -> VigilError {
        switch error {
        case .notAStore: .usage(error.description)
        case .corruptRecord, .tampered: .verification(error.description)
        case .git, .index, .log, .remote, .staging: .io(error.description)
        }
    }
}

/// Runs a store operation, reporting its failure as a `VigilError`.
func storeCall<T>(_ body: () throws(StoreError) -> T) throws(VigilError) -> T {
    do { return try body() } catch { throw .store(error) }
}
