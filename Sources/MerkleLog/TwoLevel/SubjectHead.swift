import Foundation

/// One leaf of the root log: a subject's tree reached `size` records with root `root`.
///
/// Its bytes are a small LF-terminated text, so a leaf read from a published tile explains itself:
/// ```
/// vigil.subject-head/v1
/// host:web-01
/// 12
/// <base64 of the subject tree's root hash>
/// ```
public struct SubjectHead: Sendable, Hashable {
    public static let header = "vigil.subject-head/v1"

    public let subject: String
    public let size: Int
    public let root: Data

    public init(subject: String, size: Int, root: Data) {
        self.subject = subject
        self.size = size
        self.root = root
    }

    public var leafBytes: Data {
        Data("\(Self.header)\n\(subject)\n\(size)\n\(root.base64EncodedString())\n".utf8)
    }

    /// Reads a leaf back; nil when the bytes are not a subject head.
    public init?(leafBytes: Data) {
        guard let text = String(data: leafBytes, encoding: .utf8), text.hasSuffix("\n") else { return nil }
        let lines = text.dropLast().split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count == 4, lines[0] == Self.header, let size = Int(lines[2]), size > 0,
            let root = Data(base64Encoded: String(lines[3])), root.count == 32
        else { return nil }
        self.init(subject: String(lines[1]), size: size, root: root)
        guard self.leafBytes == leafBytes else { return nil }
    }
}
