import EvidenceModel
import Foundation
import MerkleLog

/// One subject's log as static files next to the published root log, so its owner (a domain's,
/// say) can prove the subject's history from them and the root checkpoint alone:
///
/// ```
/// subjects/<sha256(subject)>/records           its records' canonical JSON, one per line, in log order
/// subjects/<sha256(subject)>/head              its newest subject head (the root log leaf, vigil.subject-head/v2)
/// subjects/<sha256(subject)>/head.tlog-proof   that leaf's inclusion in the root log (C2SP tlog-proof)
/// ```
/// The records are the subject tree's leaves, so they rebuild its root; no subject tiles are needed.
/// That the head is the subject's newest is proven from the root log's tiles after it
/// (``PublishedRootTail``).
/// Canonical JSON (RFC 8785) escapes every control character, so a record never spans lines.
public enum PublishedSubjectLog {
    public static func folder(_ subject: String) -> String { "subjects/\(SHA256Hex.of(subject))" }
    public static func recordsPath(_ subject: String) -> String { folder(subject) + "/records" }
    public static func headPath(_ subject: String) -> String { folder(subject) + "/head" }
    public static func proofPath(_ subject: String) -> String { folder(subject) + "/head.tlog-proof" }

    /// What a verified subject log holds.
    public struct Summary: Sendable, Equatable {
        public let subject: String
        public let records: Int
        public let rootIndex: Int
        public let loggedAt: Date?
        public let origin: String
        public let rootSize: Int
        public let newestObservation: Date?
        /// Root log entries after the head, each read and shown not to be a head of the subject.
        public let laterRootEntries: Int
    }

    /// Proves `subject`'s history from published files: every record line is a canonical record
    /// about the subject, the records rebuild the subject root, the head names exactly that subject,
    /// size and root, the head is included in the signed root checkpoint (`checkpoint`, which the
    /// proof must lead to) under a trusted key, and no later root entry is a head of the subject.
    ///
    /// - Parameter read: a published file by relative path; nil when absent.
    /// - Throws: `.tampered` naming the file, the place and the reason; what `read` throws.
    public static func verify(
        subject: String, trusting keys: [NoteVerifierKey], read: (String) throws(StoreError) -> Data?
    ) throws(StoreError) -> Summary {
        let (recordsPath, headPath, proofPath) = (recordsPath(subject), headPath(subject), proofPath(subject))
        guard let checkpointData = try read("checkpoint") else { throw .tampered("checkpoint: missing") }
        guard let recordsData = try read(recordsPath) else { throw .tampered("\(recordsPath): missing (no published log of \(subject))") }
        guard let headData = try read(headPath) else { throw .tampered("\(headPath): missing") }
        guard let proofData = try read(proofPath) else { throw .tampered("\(proofPath): missing") }

        let headProof: TlogProof
        do { headProof = try TlogProof(text: String(decoding: proofData, as: UTF8.self)) } catch {
            throw .tampered("\(proofPath): \(error)")
        }
        let checkpoint: Checkpoint
        do { checkpoint = try headProof.verify(leaf: headData, trusting: keys) } catch {
            throw .tampered("\(proofPath): the head is not proven in the signed root log: \(error)")
        }
        guard headProof.checkpoint.serializedData == checkpointData else {
            throw .tampered("checkpoint: differs from the checkpoint \(proofPath) leads to (published at another time?)")
        }
        guard let head = SubjectHead(leafBytes: headData) else { throw .tampered("\(headPath): not a subject head leaf") }
        guard head.subject == subject else { throw .tampered("\(headPath): the head is of \(head.subject), not \(subject)") }
        let laterEntries = try PublishedRootTail.proveNewest(headData, of: subject, at: headProof.index, in: checkpoint, read: read)

        var leafHashes: [Data] = []
        var newest: Date?
        guard recordsData.isEmpty || recordsData.last == 0x0A else {
            throw .tampered("\(recordsPath): the last line has no newline (cut off?)")
        }
        for (offset, line) in recordsData.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast().enumerated() {
            let place = "\(recordsPath) line \(offset + 1)"
            guard !line.isEmpty else { throw .tampered("\(place): an empty line where a record should be") }
            let bytes = Data(line)
            let record: EvidenceRecord
            do { record = try EvidenceRecord(canonicalData: bytes) } catch { throw .tampered("\(place): not a record: \(error)") }
            guard record.canonicalData == bytes else { throw .tampered("\(place): not in canonical form (its bytes are not its leaf)") }
            guard record.subject == subject else { throw .tampered("\(place): record \(record.id) is about \(record.subject), not \(subject)") }
            leafHashes.append(MerkleHash.leaf(bytes))
            newest = max(newest ?? record.observedAt, record.observedAt)
        }
        guard leafHashes.count == head.size else {
            throw .tampered("\(recordsPath): \(leafHashes.count) records, but the signed head says \(subject) has \(head.size) (history truncated or padded)")
        }
        let tree = try proof { () throws(ProofError) in try MerkleTree(leafHashes: leafHashes) }
        guard tree.root == head.root else {
            throw .tampered("\(recordsPath): the records do not rebuild the signed subject root (a record was changed, removed or reordered)")
        }
        return Summary(
            subject: subject, records: head.size, rootIndex: headProof.index, loggedAt: head.loggedAt,
            origin: checkpoint.origin, rootSize: checkpoint.size, newestObservation: newest,
            laterRootEntries: laterEntries)
    }
}

extension EvidenceStore {
    /// The published files (``PublishedSubjectLog``) of every subject `include` accepts, at HEAD.
    public func publishedSubjectFiles(include: (String) -> Bool) throws(StoreError) -> [(path: String, data: Data)] {
        guard let snapshot = try snapshot() else { return [] }
        var files: [(path: String, data: Data)] = []
        for subject in try snapshot.subjects.names() where include(subject) {
            let ids = try snapshot.entries(of: subject)
            guard !ids.isEmpty else { continue }
            var records = Data()
            for record in try snapshot.records(of: subject, ids: ids[...]) {
                records.append(record.canonicalData)
                records.append(0x0A)
            }
            let (subjectHead, headProof) = try subjectHeadProof(subject: subject, size: ids.count, in: snapshot)
            files.append((PublishedSubjectLog.recordsPath(subject), records))
            files.append((PublishedSubjectLog.headPath(subject), subjectHead.leafBytes))
            files.append((PublishedSubjectLog.proofPath(subject), Data(headProof.text.utf8)))
        }
        return files
    }
}
