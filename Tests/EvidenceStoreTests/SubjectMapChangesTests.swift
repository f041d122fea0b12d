import EvidenceModel
import Foundation
import MerkleLog
import Testing

@testable import EvidenceStore

/// A commit's changes to the v3 subject map: each bucket it touches read once from the parent, and
/// only the buckets it changed written, whole and in path order.
struct SubjectMapChangesTests {
    private func log(_ size: Int) throws -> CompactRange {
        try CompactRange(leafHashes: (0..<size).map { MerkleHash.leaf(Data("\($0)".utf8)) })
    }

    @Test func touchedBucketsAreReadOnceAndOnlyChangedOnesWritten() throws {
        let neighbours = SubjectMapBucketTests.neighbours
        var parentBucket = SubjectMapBucket()
        parentBucket.set(.init(subject: neighbours[0], log: try log(2), head: 4))
        let shared = SubjectMapBucket.path(of: neighbours[0])
        var other = SubjectMapBucket()
        other.set(.init(subject: "host:elsewhere", log: try log(1), head: 0))
        let elsewhere = SubjectMapBucket.path(of: "host:elsewhere")
        #expect(elsewhere != shared)
        let parent = [shared: parentBucket.bytes, elsewhere: other.bytes]
        nonisolated(unsafe) var reads: [String] = []
        var changes = SubjectMapChanges { path throws(StoreError) in
            reads.append(path)
            return parent[path]
        }
        #expect(try changes.entry(of: neighbours[0])?.head == 4)
        #expect(try changes.entry(of: neighbours[1]) == nil)
        #expect(try changes.entry(of: "host:elsewhere")?.log.size == 1)
        try changes.set(.init(subject: neighbours[1], log: try log(1), head: 9))
        try changes.set(.init(subject: neighbours[0], log: try log(3), head: 10))
        #expect(try changes.entry(of: neighbours[0])?.head == 10)
        #expect(reads == [shared, elsewhere], "each bucket read once, when first asked")
        // Only the bucket that changed is written: the one read and left alone is not.
        let written = changes.changed
        #expect(written.map(\.path) == [shared])
        let bucket = try SubjectMapBucket(bytes: written[0].bytes, path: shared)
        #expect(bucket.entries.count == 2)
        #expect(bucket.entry(of: neighbours[0])?.log.size == 3)
        #expect(bucket.entry(of: neighbours[1])?.head == 9)
        // A bucket the parent does not hold is made, and written in path order with the others.
        try changes.set(.init(subject: "host:new", log: try log(1), head: 11))
        #expect(changes.changed.map(\.path) == [shared, SubjectMapBucket.path(of: "host:new")].sorted())
    }

    @Test func aDamagedBucketInTheParentIsRefusedByItsPath() throws {
        let path = SubjectMapBucket.path(of: "host:a")
        var changes = SubjectMapChanges { _ throws(StoreError) in Data("not a bucket\n".utf8) }
        #expect {
            _ = try changes.entry(of: "host:a")
        } throws: { error in
            "\(error)".contains(path)
        }
    }

    /// A subject's log extended wherever it is kept: the head names its placement and is the next
    /// root log entry, as a v2 subject's head is.
    @Test func aSubjectsLogIsExtendedFromTheRangeGiven() throws {
        let leaves = (0..<3).map { MerkleHash.leaf(Data("record \($0)".utf8)) }
        let earlier = try CompactRange(leafHashes: Array(leaves.prefix(1)))
        let logged = instant("2026-11-10T00:00:00Z")
        var files: [String: Data] = [:]
        var log = try LogAppender { path throws(StoreError) in files[path] }.start(loggedAt: logged)
        let first = try log.extend("host:a", log: CompactRange(), leaves: [MerkleHash.leaf(Data("other".utf8))], placement: nil) {
            files[$0] = $1
        }
        #expect(first.head == 0 && first.log.size == 1)
        let placement = SubjectHead.Placement(batch: 1, firstLine: 0, lines: 2, previousHead: 0)
        let second = try log.extend("host:b", log: earlier, leaves: Array(leaves.dropFirst()), placement: placement) { files[$0] = $1 }
        #expect(second.head == 1)
        #expect(second.log == (try CompactRange(leafHashes: leaves)))
        _ = try log.finish(signing: testSigning) { files[$0] = $1 }
        let bundle = try #require(files[LogLayout.entriesPath(TileID(level: 0, index: 0, width: 2))])
        let entries = try EntryBundle.entries(bundle, path: "bundle")
        let head = try #require(SubjectHead(leafBytes: entries[1]))
        #expect(head.placement == placement && head.size == 3 && head.root == second.log.root && head.loggedAt == logged)
        #expect(SubjectHead(leafBytes: entries[0])?.version == 2)
    }
}
