import EvidenceModel
import Foundation
import MerkleLog
import Testing
import VigilTestSupport

@testable import EvidenceStore

/// `bundle export` reads and proves its subjects' records on every core, each core through its own
/// snapshot: what it reads must be what one subject at a time gives, and the first failure in the
/// subjects' order is the one reading in turn would meet.
struct ProvenRecordReadsTests {
    /// Each subject's listed records, and every second one of them, as `bundle export` asks.
    private func wanted(_ snapshot: StoreSnapshot, _ subjects: [String]) throws -> [(subject: String, ids: [String])] {
        try subjects.map { subject in
            let listed = try snapshot.entries(of: subject)
            return (subject, listed.enumerated().filter { $0.offset % 2 == 0 }.map(\.element))
        }
    }

    @Test(arguments: [1, 2, 3]) func subjectsReadOnEveryCoreReadAsOneAtATime(lanes: Int) throws {
        let dir = try TemporaryFolder()
        let (store, _) = try chainedSession(900, subjects: 150, perCommit: 400, in: dir)
        let snapshot = try #require(try store.snapshot())
        let subjects = (0..<150).map { "host:h\($0)" }.sorted()
        let asked = try wanted(snapshot, subjects)
        let read = try ProvenRecordReads(snapshot, lanes: lanes).read(asked)
        #expect(read.count == asked.count)
        let alone = try #require(try store.snapshot())
        for ((subject, ids), got) in zip(asked, read) {
            #expect(got.listed == (try alone.entries(of: subject)))
            let records = try alone.records(of: subject, ids: ids[...])
            #expect(got.records.map(\.id) == ids && got.records == records)
            #expect(got.proofs == (try store.recordProofs(ids: ids, subject: subject, in: alone)))
            for (record, proof) in zip(got.records, got.proofs) {
                #expect(throws: Never.self) { try proof.verify(record: try record.canonicalBytes(), trusting: testSigning.keys.map(\.verifierKey)) }
            }
        }
        // A record its subject does not list: nothing is read or proven for that subject.
        var unlisted = asked
        unlisted[70].ids.append(String(repeating: "0", count: 64))
        let partly = try ProvenRecordReads(snapshot, lanes: lanes).read(unlisted)
        #expect(partly[70].records.isEmpty && partly[70].proofs.isEmpty && partly[70].listed == read[70].listed)
        #expect(partly[71].records == read[71].records)
    }

    /// A record blob changed through git at HEAD: reading that subject fails as reading it alone does,
    /// and a later subject's failure (on another core) does not come first.
    @Test func theFirstForgedSubjectInOrderIsTheFailure() throws {
        let dir = try TemporaryFolder()
        let (store, _) = try chainedSession(400, subjects: 200, perCommit: 400, in: dir)
        let subjects = (0..<200).map { "host:h\($0)" }.sorted()
        let git = { (arguments: [String]) throws -> String in
            try runGit(["--git-dir", store.path.path] + arguments, environment: ["GIT_INDEX_FILE": dir.url.appendingPathComponent("idx").path])
                .output.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        _ = try git(["read-tree", "HEAD"])
        var paths: [String] = []
        for victim in [subjects[40], subjects[180]] {
            let id = try #require(try store.snapshot()?.entries(of: victim).first)
            let path = StoreLayout.recordPath(subject: victim, id: id)
            let file = dir.url.appendingPathComponent("forged-\(paths.count)")
            try Data(#"{"forged":\#(paths.count)}"#.utf8).write(to: file)
            _ = try git(["update-index", "--cacheinfo", "100644,\(try git(["hash-object", "-w", file.path])),\(path)"])
            paths.append(path)
        }
        let commit = try git(["commit-tree", try git(["write-tree"]), "-p", "HEAD", "-m", "forge"])
        _ = try git(["update-ref", "refs/heads/main", commit])

        let forged = try #require(try store.snapshot())
        let asked = try wanted(forged, subjects)
        var inTurn: StoreError?
        do { _ = try ProvenRecordReads(forged, lanes: 1).read(asked) } catch { inTurn = error }
        #expect(inTurn?.description.contains(paths[0]) == true)
        do {
            _ = try ProvenRecordReads(forged, lanes: 2).read(asked)
            Issue.record("a forged record was read and proven")
        } catch {
            #expect(error.description == inTurn?.description)
        }
    }
}
