import Crypto
import EvidenceModel
import Foundation
import MerkleLog

/// One bucket of store layout v3's subject map (docs/store-v3.md, "How v3 answers the seam"): the
/// subjects whose SHA-256 starts with the same two bytes, each with its log's size, compact range and
/// newest head, in one blob at `log/subjects/<2 hex>/<2 hex>`. A commit rewrites the buckets of the
/// subjects it touches, one object per bucket where v2 wrote a folder, `compact` and `head` per subject.
///
/// A bucket is text, one entry a line, sorted by hash, each line
/// `<sha256(subject) hex> <size> <newest head's root index> <compact range hashes, base64, space-separated> <subject>`:
/// a compact range has one hash per bit set in its size, so the subject (which may hold spaces, but no
/// control character, ``Subject/problem(with:)``) is what follows them. It is read back only when it
/// is exactly what ``bytes`` writes.
struct SubjectMapBucket: Sendable, Equatable {
    /// One subject's entry.
    struct Entry: Sendable, Equatable {
        let subject: String
        /// Its subject log: size and compact range.
        let log: CompactRange
        /// The root log index of its newest head.
        let head: Int
        /// SHA-256 of the subject, what the bucket is sorted by: in 32 bytes, not as 64 hex digits
        /// (a commit touching 400k subjects held as many 80-byte strings, 23 MB of its peak).
        let digest: PackedRecordID

        init(subject: String, log: CompactRange, head: Int) {
            self.subject = subject
            self.log = log
            self.head = head
            digest = Self.digest(of: subject)
        }

        /// SHA-256 of the subject, hex.
        var hash: String { digest.hex }

        static func digest(of subject: String) -> PackedRecordID { PackedRecordID(digest: SHA256.hash(data: Data(subject.utf8))) }
    }

    /// Sorted by hash, each subject once.
    private(set) var entries: [Entry] = []

    init() {}

    /// The path of the bucket holding `subject`.
    static func path(of subject: String) -> String { path(ofHash: SHA256Hex.of(subject)) }

    static func path(ofHash hash: String) -> String {
        "log/subjects/\(hash.prefix(2))/\(hash.dropFirst(2).prefix(2))"
    }

    /// The entry of `subject`, nil when the bucket has none.
    func entry(of subject: String) -> Entry? {
        let digest = Entry.digest(of: subject)
        let position = place(of: digest)
        guard position < entries.count, entries[position].digest == digest else { return nil }
        return entries[position]
    }

    /// Adds `entry`, or replaces the entry of its subject.
    mutating func set(_ entry: Entry) {
        let position = place(of: entry.digest)
        if position < entries.count, entries[position].digest == entry.digest {
            entries[position] = entry
        } else {
            entries.insert(entry, at: position)
        }
    }

    /// Where `digest` is, or would be inserted.
    private func place(of digest: PackedRecordID) -> Int {
        var (low, high) = (0, entries.count)
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].digest < digest { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The bucket's blob.
    var bytes: Data {
        var text = ""
        for entry in entries {
            text += "\(entry.hash) \(entry.log.size) \(entry.head)"
            for hash in entry.log.hashes { text += " " + hash.base64EncodedString() }
            text += " \(entry.subject)\n"
        }
        return Data(text.utf8)
    }

    /// Reads a bucket's blob back from `path`: every entry well formed, in the bucket its hash names,
    /// sorted, each subject once, and the whole exactly what ``bytes`` would write.
    init(bytes: Data, path: String) throws(StoreError) {
        func refuse(_ line: Int, _ reason: String) -> StoreError { .corruptRecord(path: path, reason: "line \(line + 1): \(reason)") }
        guard let text = String(data: bytes, encoding: .utf8) else { throw .corruptRecord(path: path, reason: "not UTF-8") }
        guard text.isEmpty || text.hasSuffix("\n") else { throw .corruptRecord(path: path, reason: "its last line does not end") }
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().enumerated() {
            let fields = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false)
            guard fields.count == 4, let size = Int(fields[1]), size > 0, let head = Int(fields[2]), head >= 0 else {
                throw refuse(number, "not '<hash> <size> <head> <compact range> <subject>'")
            }
            let rest = fields[3].split(separator: " ", maxSplits: size.nonzeroBitCount, omittingEmptySubsequences: false)
            guard rest.count == size.nonzeroBitCount + 1 else { throw refuse(number, "fewer than the \(size.nonzeroBitCount) hashes of a log of \(size)") }
            let hashes = rest.dropLast().compactMap { Data(base64Encoded: String($0)) }
            guard hashes.count == size.nonzeroBitCount, let log = try? CompactRange(size: size, hashes: hashes) else {
                throw refuse(number, "its compact range is not \(size.nonzeroBitCount) hashes")
            }
            let entry = Entry(subject: String(rest[rest.count - 1]), log: log, head: head)
            if let problem = Subject.problem(with: entry.subject) { throw refuse(number, problem) }
            guard entry.hash == fields[0] else { throw refuse(number, "the subject does not hash to \(fields[0])") }
            guard Self.path(ofHash: entry.hash) == path else { throw refuse(number, "the subject belongs in \(Self.path(ofHash: entry.hash))") }
            guard entries.last.map({ $0.digest < entry.digest }) ?? true else { throw refuse(number, "not after the entry before it") }
            entries.append(entry)
        }
        guard self.bytes == bytes else { throw .corruptRecord(path: path, reason: "not in its written form") }
    }
}
