import Foundation

/// The body of a c2sp.org/tlog-witness `add-checkpoint` request:
///
/// ```
/// old 8
/// <base64 consistency-proof hash, one per line, at most 63>
///
/// <the signed checkpoint note>
/// ```
///
/// The old size is the size the log believes the witness last cosigned; the proof leads from it to the checkpoint.
public struct AddCheckpointRequest: Sendable, Hashable {
    /// The protocol's limit on proof lines.
    public static let maximumProofLines = 63

    public let oldSize: Int
    public let proof: [Data]
    public let checkpoint: Note

    public init(oldSize: Int, proof: [Data], checkpoint: Note) {
        self.oldSize = oldSize
        self.proof = proof
        self.checkpoint = checkpoint
    }

    /// The body as sent.
    public var text: String {
        (["old \(oldSize)"] + proof.map { $0.base64EncodedString() }).map { $0 + "\n" }.joined() + "\n" + checkpoint.serialized
    }

    /// Parses a body; a failure names the line (1-based) and what is wrong with it.
    public init(parsing data: Data) throws(WitnessRequestError) {
        guard let text = String(data: data, encoding: .utf8) else { throw .malformed(line: 1, reason: "the body is not UTF-8") }
        // The header ends at the first blank line; the note itself holds one more, before its signatures.
        guard let blank = firstBlankLine(in: text) else {
            throw .malformed(line: 1, reason: "no blank line between the old size and proof lines and the checkpoint")
        }
        let lines = text[..<blank.lowerBound].split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, first.hasPrefix("old "), let old = parseDecimal(first.dropFirst(4)) else {
            throw .malformed(line: 1, reason: "expected 'old <size>' (a decimal without leading zeros)")
        }
        guard lines.count - 1 <= Self.maximumProofLines else {
            throw .malformed(line: Self.maximumProofLines + 2, reason: "more than \(Self.maximumProofLines) proof lines")
        }
        var proof: [Data] = []
        for (offset, line) in lines.dropFirst().enumerated() {
            guard let hash = strictBase64(line), hash.count == MerkleHash.byteCount else {
                throw .malformed(line: offset + 2, reason: "not a base64 SHA-256 hash")
            }
            proof.append(hash)
        }
        let noteLine = lines.count + 2
        do { self.init(oldSize: old, proof: proof, checkpoint: try Note(parsing: String(text[blank.upperBound...]))) } catch {
            throw .malformed(line: noteLine, reason: "the checkpoint from here on is not a signed note: \(error)")
        }
    }
}

/// Why an add-checkpoint body could not be read.
public enum WitnessRequestError: Error, Sendable, Equatable, CustomStringConvertible {
    case malformed(line: Int, reason: String)

    public var description: String {
        switch self {
        case let .malformed(line, reason): "add-checkpoint request line \(line): \(reason)"
        }
    }
}
