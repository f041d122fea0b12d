import EvidenceModel
import Foundation

/// A collector whose input comes with a file beside it that says what the input is: a policy PDF
/// and its `policy.pdf.yaml` (owner, approval, review cycle). The IO shell reads the sidecar with
/// the input; an input without one is rejected there, naming the sidecar it looked for.
public protocol SidecarCollector: EvidenceCollector {
    /// Appended to the input's path to name its sidecar (`.yaml`).
    var sidecarSuffix: String { get }
    /// What a sidecar holds, for the message when one is missing (`id, title, owner, …`).
    var sidecarFields: [String] { get }
}

/// A sidecar as read beside its input: its file name and bytes.
public struct SidecarFile: Sendable, Hashable {
    public let name: String
    public let bytes: Data

    public init(name: String, bytes: Data) {
        self.name = name
        self.bytes = bytes
    }
}

extension SidecarCollector {
    /// `has no sidecar policy.pdf.yaml beside it (id, title, …)`: the one way a missing sidecar is said.
    public func missingSidecar(of fileName: String) -> String {
        "has no sidecar \(fileName)\(sidecarSuffix) beside it (\(sidecarFields.joined(separator: ", ")))"
    }

    /// The sidecar as an input of its own, so its failures name it (`policy.pdf.yaml: $.owner: …`).
    func sidecarInput(of input: CollectorInput) throws(CollectionFailure) -> CollectorInput {
        guard let sidecar = input.sidecar else { throw input.failure(at: "file", missingSidecar(of: input.fileName)) }
        return CollectorInput(
            fileName: sidecar.name, bytes: sidecar.bytes, subject: nil, observedAt: input.observedAt, limits: input.limits)
    }
}
