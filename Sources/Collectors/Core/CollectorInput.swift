import EvidenceModel
import Foundation

/// One input file handed to a collector: its name, its exact bytes, and the run's context.
///
/// The collector never reads the disk or the clock: the IO shell passes the bytes it read and the
/// instant it wants the observation stamped with.
public struct CollectorInput: Sendable {
    /// The name the file is stored and reported under (usually its base name, e.g. `web-01.devices.json`).
    public let fileName: String
    /// The input's bytes; empty when the input is ``file``, read a chunk at a time instead.
    public let bytes: Data
    /// A file too large to hold whole, for a collector that ``EvidenceCollector/readsFromFile``: its
    /// lines or JSON values are read as they are parsed (``InputText/forEachLine(of:_:)``,
    /// ``JSONDocuments/forEachValue(in:_:)``).
    public let file: StreamedFile?
    /// Reads ranges of ``file`` again, keeping it open between reads (shared by the input's copies).
    let reader: StreamedFileReader?
    /// The `--subject` the user gave, if any; only collectors whose format names no subject use it.
    public let subject: String?
    public let observedAt: Date
    /// When the bytes are a command's standard output: the command, its exit status and standard error.
    public let command: CommandRun?
    /// Where every record of this input says it came from: the file name and the SHA-256 of its
    /// bytes, hashed once here (collectors ask for it per record, and merging ones per key).
    public let source: EvidenceSource
    /// How deep, long and aliased the input's JSON and YAML may be (`vigil.yaml`'s `limits:`).
    public let limits: InputLimits
    /// The file beside the input that describes it, for a ``SidecarCollector`` (a document's `FILE.yaml`).
    public let sidecar: SidecarFile?

    public init(
        fileName: String, bytes: Data, subject: String?, observedAt: Date, command: CommandRun? = nil,
        limits: InputLimits = .standard, sidecar: SidecarFile? = nil
    ) {
        self.fileName = fileName
        self.bytes = bytes
        self.subject = subject
        self.observedAt = observedAt
        self.command = command
        source = EvidenceSource(name: fileName, sha256: SHA256Hex.of(bytes))
        self.limits = limits
        self.sidecar = sidecar
        file = nil
        reader = nil
    }

    /// A streamed file's bytes read whole, its digest the one it was measured with (and the bytes
    /// checked against), not taken again.
    private init(heldWholeFrom file: StreamedFile, bytes: Data, of input: CollectorInput) {
        fileName = input.fileName
        self.bytes = bytes
        self.file = nil
        reader = nil
        subject = input.subject
        observedAt = input.observedAt
        command = nil
        source = EvidenceSource(name: input.fileName, sha256: file.sha256)
        limits = input.limits
        sidecar = nil
    }

    /// A file read as it is parsed, measured and hashed once already.
    public init(fileName: String, file: StreamedFile, subject: String?, observedAt: Date, limits: InputLimits = .standard) {
        self.fileName = fileName
        bytes = Data()
        self.file = file
        reader = StreamedFileReader(file)
        self.subject = subject
        self.observedAt = observedAt
        command = nil
        source = EvidenceSource(name: fileName, sha256: file.sha256)
        self.limits = limits
        sidecar = nil
    }
}

/// How a command source ran (`fwupdmgr security --json` under cron): kept as evidence by collectors
/// whose tools report a state through a non-zero exit (fwupd refuses HSI on virtual machines).
public struct CommandRun: Sendable, Hashable {
    public let command: String
    public let exitStatus: Int32
    /// Standard error, as text (trimmed by the runner).
    public let standardError: String

    public init(command: String, exitStatus: Int32, standardError: String) {
        self.command = command
        self.exitStatus = exitStatus
        self.standardError = standardError
    }

    /// `{"command": …, "exit_status": 1, "stderr": …}` for a record's data.
    public var jsonValue: JSONValue {
        .object(["command": .string(command), "exit_status": .number(Double(exitStatus)), "stderr": .string(standardError)])
    }
}

extension CollectorInput {

    /// This input with its bytes in memory, for a streaming collector that cuts a document into its
    /// values rather than lines (``JSONDocuments/forEachValue(in:_:)``): a streamed file is read
    /// whole, under `limits.file_size` as any input held whole is, and checked to be what was measured.
    func heldWhole() throws(CollectionFailure) -> CollectorInput {
        guard let file else { return self }
        guard file.size <= limits.fileBytes else {
            throw failure(at: "", "file is over the limit of \(InputLimits.size(limits.fileBytes)) (limits.file_size in vigil.yaml)")
        }
        var bytes = Data(capacity: file.size)
        do throws(StreamedFile.Problem) {
            try file.forEachChunk { chunk in
                bytes.append(contentsOf: chunk)
                return true
            }
        } catch {
            throw failure(at: "", error.reason)
        }
        return CollectorInput(heldWholeFrom: file, bytes: bytes, of: self)
    }

    /// The failure to report for this file at `location`.
    func failure(at location: String, _ reason: String) -> CollectionFailure {
        CollectionFailure(file: fileName, location: location, reason: reason)
    }
}
