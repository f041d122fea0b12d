import EvidenceModel
import Foundation
import MerkleLog
import Testing

@testable import EvidenceStore

/// One bucket of the v3 subject map: each subject's log size, compact range and newest head, sorted by
/// the subject's hash, read back only as written and only in the bucket its hash names.
struct SubjectMapBucketTests {
    /// Subjects whose hashes share their first two bytes, so that they share a bucket.
    static let neighbours: [String] = {
        var byBucket: [String: [String]] = [:]
        for number in 0... {
            let subject = "host:web \(number) é"
            let path = SubjectMapBucket.path(of: subject)
            byBucket[path, default: []].append(subject)
            if byBucket[path]!.count == 3 { return byBucket[path]! }
        }
        return []
    }()

    private func log(_ size: Int) throws -> CompactRange {
        try CompactRange(leafHashes: (0..<size).map { MerkleHash.leaf(Data("\($0)".utf8)) })
    }

    @Test func entriesAreSortedByHashFoundAndReplaced() throws {
        var bucket = SubjectMapBucket()
        for (position, subject) in Self.neighbours.enumerated() {
            bucket.set(.init(subject: subject, log: try log(position + 1), head: position * 10))
        }
        #expect(bucket.entries.map(\.hash) == bucket.entries.map(\.hash).sorted())
        #expect(bucket.entry(of: Self.neighbours[1])?.head == 10)
        #expect(bucket.entry(of: "host:elsewhere") == nil)
        bucket.set(.init(subject: Self.neighbours[1], log: try log(7), head: 99))
        #expect(bucket.entries.count == 3)
        #expect(bucket.entry(of: Self.neighbours[1]).map { ($0.head, $0.log.size, $0.log.hashes.count) } ?? (0, 0, 0) == (99, 7, 3))
        let path = SubjectMapBucket.path(of: Self.neighbours[0])
        #expect(path.hasPrefix("log/subjects/") && path.split(separator: "/").count == 4)
        let read = try SubjectMapBucket(bytes: bucket.bytes, path: path)
        #expect(read == bucket)
        #expect(read.entry(of: Self.neighbours[1])?.log.root == (try log(7)).root)
        #expect(try SubjectMapBucket(bytes: Data(), path: path).entries.isEmpty)
    }

    @Test func aBucketNotExactlyAsWrittenIsRefused() throws {
        var bucket = SubjectMapBucket()
        for (position, subject) in Self.neighbours.prefix(2).enumerated() {
            bucket.set(.init(subject: subject, log: try log(position + 2), head: position))
        }
        let path = SubjectMapBucket.path(of: Self.neighbours[0])
        let text = String(decoding: bucket.bytes, as: UTF8.self)
        let lines = text.split(separator: "\n").map(String.init)
        let other = try SubjectMapBucket.Entry(subject: "host:elsewhere", log: log(1), head: 0)
        var otherBucket = SubjectMapBucket()
        otherBucket.set(other)
        let cases: [(String, String, String)] = [
            ("out of order", lines[1] + "\n" + lines[0] + "\n", "not after"),
            ("twice", lines[0] + "\n" + lines[0] + "\n", "not after"),
            ("in another bucket", String(decoding: otherBucket.bytes, as: UTF8.self), "belongs in"),
            ("another subject's hash", lines[0].replacingOccurrences(of: "web", with: "wab") + "\n", "does not hash"),
            ("a hash short", lines[1].split(separator: " ").enumerated().filter { $0.offset != 3 }.map(\.element).joined(separator: " ") + "\n", "line 1"),
            ("a size that is no number", lines[0].replacingOccurrences(of: " 2 0 ", with: " two 0 ") + "\n", "line 1"),
            ("the last line unended", String(text.dropLast()), "does not end"),
            ("a space more", lines[0].replacingOccurrences(of: " 0 ", with: "  0 ") + "\n", "line 1"),
        ]
        for (name, bytes, reason) in cases {
            do {
                _ = try SubjectMapBucket(bytes: Data(bytes.utf8), path: path)
                Issue.record("\(name): read")
            } catch {
                #expect("\(error)".contains(path) && "\(error)".contains(reason), "\(name): \(error)")
            }
        }
    }
}
