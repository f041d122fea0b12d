import EvidenceModel

/// A parser of one real-world input format into evidence records (DESIGN §4).
///
/// Collectors are pure: the same input gives the same records, and so the same record ids. A file
/// yields all its records or throws; it never yields some of them.
public protocol EvidenceCollector: Sendable {
    /// The name used on the command line and in `vigil.yaml` (`vigil collect fwupd …`).
    var name: String { get }

    /// - Throws: ``CollectionFailure`` naming the place in the file and the reason it was rejected.
    func records(from input: CollectorInput) throws(CollectionFailure) -> [EvidenceRecord]

    /// Whether a command source's output is still parsed when the command exits non-zero, because
    /// the tool reports a state that way (`fwupdmgr security --json` on a VM). Default: no, the
    /// input is rejected with the exit status and standard error.
    var readsFailedCommands: Bool { get }

    /// Whether a regular file is handed over as its path (``CollectorInput/file``), read as it is
    /// parsed and never held whole, under no `file_size` limit. Default: no, its bytes are read first.
    var readsFromFile: Bool { get }

    /// The records, and the parts of the input left out on purpose (``CollectedInput``).
    /// Default: ``records(from:)``, nothing left out.
    func collect(from input: CollectorInput) throws(CollectionFailure) -> CollectedInput
}

extension EvidenceCollector {
    public var readsFailedCommands: Bool { false }

    public var readsFromFile: Bool { false }

    public func collect(from input: CollectorInput) throws(CollectionFailure) -> CollectedInput {
        CollectedInput(records: try records(from: input))
    }
}
