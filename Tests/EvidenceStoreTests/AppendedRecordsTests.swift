import EvidenceModel
import Foundation
import MerkleLog
import Testing
import VigilTestSupport

@testable import EvidenceStore

/// A session's records reach the index in root log order, matched to entries by that order alone
/// (no table of subjects): each entry's own records are the next ones, from the entry the session
/// began at. An index behind that entry reads the entries before it from git; an index past it
/// (another process indexed some) reads everything from git. Either way it ends as a rebuild.
struct AppendedRecordsTests {
    /// A store with a commit of `before` records made before the session, then the session's chain.
    private func store(
        before: Int, session count: Int, layout: Int, in dir: TemporaryFolder
    ) throws -> (store: EvidenceStore, result: SessionResult, sessionStart: Int) {
        let store = try EvidenceStore.create(
            at: dir.file("store"), at: instant("2026-11-01T00:00:00Z"), signing: testSigning, formatVersion: layout)
        _ = try store.append(
            records: (0..<before).map { sampleRecord(subject: "host:h\($0 % 7)", version: "b\($0)", at: "2026-11-01T06:00:00Z") },
            rawInputs: [Data("before".utf8)], message: "before\n", at: instant("2026-11-01T12:00:00Z"), signing: testSigning)
        let sessionStart = try #require(try store.snapshot()).checkpoint.size
        var session = try AppendSession(store: store, signing: testSigning, at: instant("2026-11-02T00:00:00Z"), recordsPerCommit: 40)
        session.beginInput(raw: Data("raw".utf8))
        try session.add((0..<count).map { sampleRecord(subject: "host:h\($0 % 11)", version: "\($0)", at: "2026-11-01T18:00:00Z") })
        return (store, try session.finish(message: "run\n"), sessionStart)
    }

    @Test(arguments: [StoreLayout.formatVersion, StoreLayout.batchedFormatVersion])
    func theSessionsRecordsBeginAtItsFirstEntryInTheLogsOrder(layout: Int) throws {
        let dir = try TemporaryFolder()
        let (store, result, sessionStart) = try store(before: 20, session: 100, layout: layout, in: dir)
        #expect(result.added.fromRootEntry == sessionStart && sessionStart == 7)
        let snapshot = try #require(try store.snapshot())
        let entries = try snapshot.rootEntries(from: 0, to: snapshot.checkpoint.size)[...]
        let known = EvidenceIndex.KnownRecords(result.added)

        // From the log's start: the first commit's entries are read from git, the session's are its own.
        let plan = known.plan(for: entries, at: 0, logs: [:], cursor: .init(known, at: 0), limit: SyncTransactionSize())
        #expect(plan.own == Array(0..<100))
        #expect(plan.logged.count == sessionStart && plan.logged.reduce(0) { $0 + $1.to - $1.from } == 20)
        // Each entry's own records are about its subject, as many as its head added.
        var sizes: [String: Int] = [:]
        var position = 0
        for (index, entry) in entries.enumerated() {
            let head = try #require(SubjectHead(leafBytes: entry))
            let count = head.size - sizes[head.subject, default: 0]
            sizes[head.subject] = head.size
            guard index >= sessionStart else { continue }
            for own in position..<(position + count) { #expect(try result.added.records[own].indexed().subject == head.subject) }
            position += count
        }
        #expect(position == 100)

        // Begun past the session's first entry: nothing can be matched by order, all is read from git.
        let past = known.plan(
            for: entries.dropFirst(sessionStart + 1), at: sessionStart + 1, logs: [:], cursor: .init(known, at: sessionStart + 1),
            limit: SyncTransactionSize())
        #expect(past.own.isEmpty && past.logged.count == entries.count - sessionStart - 1)
    }

    @Test(arguments: [StoreLayout.formatVersion, StoreLayout.batchedFormatVersion])
    func anIndexBehindOrPastTheSessionsStartEndsAsARebuild(layout: Int) throws {
        let dir = try TemporaryFolder()
        let (store, result, _) = try store(before: 20, session: 100, layout: layout, in: dir)
        let rebuilt = try EvidenceIndex.rebuild(at: dir.file("rebuilt.sqlite"), from: store).dump()

        // Behind: a new index, which has none of the commit before the session.
        let behind = try EvidenceIndex(path: dir.file("behind.sqlite"))
        #expect(try behind.sync(with: store, appended: result.added) == 120)
        #expect(try behind.dump() == rebuilt)

        // Past: an index that another process brought to the session's second commit (read from a
        // copy of the store whose branch is still there).
        let history = try store.history()
        #expect(history.count == 1 + 1 + 3)  // creation, the commit before, the session's 40, 40 and 20
        let copy = dir.file("copy")
        try FileManager.default.copyItem(at: dir.file("store"), to: copy)
        #expect(try runGit(["--git-dir", copy.path, "update-ref", "HEAD", history[history.count - 2].id.hex]).status == 0)
        let past = try EvidenceIndex(path: dir.file("past.sqlite"))
        #expect(try past.sync(with: try EvidenceStore.open(at: copy)) == 100)
        #expect(try past.sync(with: store, appended: result.added) == 20)
        // Its rows are a rebuild's (it also names the commit it was first brought to).
        let rows = { (dump: String) in dump.split(separator: "\n").filter { $0.hasPrefix("record ") } }
        #expect(rows(try past.dump()) == rows(rebuilt))
    }
}
