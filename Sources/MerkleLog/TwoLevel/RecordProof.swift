import Foundation

/// Proof that one record is in the log: its inclusion in its subject's tree, then the subject's
/// head in the root log as a standard C2SP tlog-proof.
///
/// ```
/// vigil.record-proof/v2
/// subject host:web-01
/// index 3
/// size 7
/// logged 2026-11-29T12:00:00Z
/// <base64 subject-tree hashes, one per line>
///
/// c2sp.org/tlog-proof@v1
/// …
/// ```
/// A verifier needs only the record's bytes and the log's verifier key: it recomputes the subject
/// root from the record and the hashes, rebuilds the head leaf (subject, size, root, logged time), and checks
/// that leaf with the tlog-proof. A record about another subject cannot pass: the subject is part
/// of the head leaf the root log signed.
///
/// A proof against a `v3` head (``SubjectHead/Placement``) is `vigil.record-proof/v3`: after the
/// `logged` line, `batch <16 hex> <first line> <lines>` and `previous <index or ->`, the rest of
/// the leaf the verifier rebuilds.
public struct RecordProof: Sendable, Hashable {
    public static let header = "vigil.record-proof/v2"
    /// Proofs of stores written before logged times existed: no `logged` line.
    public static let headerWithoutTime = "vigil.record-proof/v1"
    public static let headerWithPlacement = "vigil.record-proof/v3"

    /// Whether `text` opens as a record proof of any version (and so is not a bare tlog-proof).
    public static func opens(_ text: String) -> Bool {
        [header, headerWithoutTime, headerWithPlacement].contains { text.hasPrefix($0 + "\n") }
    }

    public let subject: String
    public let subjectProof: InclusionProof
    /// The logged time of the subject head the root proof is for (nil for `v1` heads).
    public let loggedAt: Date?
    /// The placement that head names (nil but for `v3` heads).
    public let placement: SubjectHead.Placement?
    public let rootProof: TlogProof

    public init(
        subject: String, subjectProof: InclusionProof, loggedAt: Date? = nil, placement: SubjectHead.Placement? = nil, rootProof: TlogProof
    ) {
        self.subject = subject
        self.subjectProof = subjectProof
        self.loggedAt = loggedAt
        self.placement = loggedAt == nil ? nil : placement
        self.rootProof = rootProof
    }

    public var text: String {
        var lines = [
            loggedAt == nil ? Self.headerWithoutTime : placement == nil ? Self.header : Self.headerWithPlacement,
            "subject \(subject)", "index \(subjectProof.index)", "size \(subjectProof.size)",
        ]
        if let loggedAt { lines.append("logged \(SubjectHead.format(loggedAt))") }
        if let placement {
            let placed = placement.text.split(separator: "\n")
            lines += ["batch \(placed[0])", "previous \(placed[1])"]
        }
        lines += subjectProof.hashes.map { $0.base64EncodedString() }
        return lines.map { $0 + "\n" }.joined() + "\n" + rootProof.text
    }

    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case malformed(String)
        case rootLog(String)

        public var description: String {
            switch self {
            case .malformed(let reason): "malformed record proof: \(reason)"
            case .rootLog(let reason): "root log: \(reason)"
            }
        }
    }

    /// Parses a proof; a root checkpoint written exactly as `known`'s note is that note (``TlogProof/init(text:known:)``).
    public init(text: String, known: VerifiedCheckpoint? = nil) throws(Failure) {
        guard !withBytes(of: text, { $0.contains(0x0D) }) else { throw .malformed("carriage return (record proofs are LF-only)") }
        guard let blank = firstBlankLine(in: text) else { throw .malformed("no blank line before the tlog-proof") }
        let lines = MerkleLog.lines(of: text[..<blank.lowerBound])
        let placed = lines.first == Substring(Self.headerWithPlacement)
        let timed = placed || lines.first == Substring(Self.header)
        let fixedLines = placed ? 7 : timed ? 5 : 4
        guard lines.count >= fixedLines, timed || lines[0] == Self.headerWithoutTime else {
            throw .malformed("first line must be \(Self.header) or \(Self.headerWithPlacement)")
        }
        guard lines[1].hasPrefix("subject "), let index = Self.number(lines[2], "index"), let size = Self.number(lines[3], "size"),
            index < size
        else { throw .malformed("expected subject, index and size lines") }
        var loggedAt: Date?
        if timed {
            guard lines[4].hasPrefix("logged "), let time = SubjectHead.parse(lines[4].dropFirst("logged ".count)) else {
                throw .malformed("expected a 'logged YYYY-MM-DDTHH:MM:SSZ' line")
            }
            loggedAt = time
        }
        var placement: SubjectHead.Placement?
        if placed {
            guard lines[5].hasPrefix("batch "), lines[6].hasPrefix("previous "),
                let read = SubjectHead.Placement(lines[5].dropFirst("batch ".count), lines[6].dropFirst("previous ".count), size: size),
                read.text == "\(lines[5].dropFirst("batch ".count))\n\(lines[6].dropFirst("previous ".count))\n"
            else { throw .malformed("expected 'batch <16 hex> <first line> <lines>' and 'previous <index or ->' lines that fit size \(size)") }
            placement = read
        }
        var hashes: [Data] = []
        for line in lines.dropFirst(fixedLines) {
            // Canonical text decoded on its bytes (as proofs are written); any other as it always was.
            guard let hash = strictBase64(line) ?? Data(base64Encoded: String(line)), hash.count == MerkleHash.byteCount else {
                throw .malformed("'\(line)' is not a base64 SHA-256 hash")
            }
            hashes.append(hash)
        }
        let root: TlogProof
        do { root = try TlogProof(text: String(text[blank.upperBound...]), known: known) } catch { throw .malformed("\(error)") }
        self.init(
            subject: String(lines[1].dropFirst("subject ".count)),
            subjectProof: InclusionProof(index: index, size: size, hashes: hashes), loggedAt: loggedAt, placement: placement,
            rootProof: root)
    }

    /// Checks the record bytes against both levels; returns the verified root checkpoint. A root
    /// checkpoint that is `known`'s note is not checked again (``TlogProof/verify(leafHash:trusting:known:)``).
    @discardableResult
    public func verify(record: Data, trusting keys: [NoteVerifierKey], known: VerifiedCheckpoint? = nil) throws(Failure) -> Checkpoint {
        let subjectRoot: Data
        do {
            subjectRoot = try subjectProof.root(leafHash: MerkleHash.leaf(record))
        } catch { throw .malformed("subject tree: \(error)") }
        let head = SubjectHead(subject: subject, size: subjectProof.size, root: subjectRoot, loggedAt: loggedAt, placement: placement)
        do { return try rootProof.verify(leafHash: MerkleHash.leaf(head.leafBytes), trusting: keys, known: known) } catch {
            throw .rootLog("\(error)")
        }
    }

    private static func number(_ line: Substring, _ key: String) -> Int? {
        guard line.hasPrefix(key + " ") else { return nil }
        return Int(line.dropFirst(key.count + 1)).flatMap { $0 >= 0 ? $0 : nil }
    }
}
