import EvidenceModel
import EvidenceStore
import Foundation
import Testing
import VigilTestSupport

@testable import VigilKit

/// A commit's time is the logged time of its entries, and `log verify` holds that logged times never
/// go backwards: a run that started first but waited for the lock must log after the run it waited
/// for, and a clock behind the store must be refused, not written into a log that then fails.
@Suite(.serialized)
struct LoggedTimeTests {
    static let start = Timestamp.parse("2026-11-29T12:00:00Z")!

    struct Store {
        let scratch: TemporaryFolder
        let configuration: Configuration
        var home: URL { scratch.url.appendingPathComponent("ws") }

        init() throws {
            scratch = try TemporaryFolder()
            configuration = try Configuration.load(file: nil, directory: EvaluationEvidenceTests.repository)
            let first = pipeline(now: LoggedTimeTests.start)
            _ = try first.workspace.create(at: first.now, origin: first.origin)
        }

        /// A run that started at `now` and reads `clock` once it holds the lock (none: `now` again).
        func pipeline(now: Date, clock: (@Sendable () -> Date)? = nil) -> Pipeline {
            Pipeline(workspace: Workspace(home: home), configuration: configuration, now: now, clock: clock)
        }

        func collect(_ host: String, with pipeline: Pipeline) throws {
            let device = try Data(contentsOf: EvaluationEvidenceTests.repository.appendingPathComponent("Evidence/firmware/web-01.devices.json"))
            _ = try pipeline.collect([
                CollectItem(
                    collector: "fwupd", name: "\(host).devices.json", origin: "test", bytes: .success(device),
                    subject: "host:\(host)", observedAt: LoggedTimeTests.start)
            ])
        }

        func head() throws -> StoreCommit? {
            try pipeline(now: LoggedTimeTests.start).workspace.openStore().head()
        }
    }

    @Test func aRunThatWaitedForTheLockLogsAfterTheRunItWaitedFor() throws {
        let store = try Store()
        let waited = store.pipeline(now: Self.start.addingTimeInterval(10), clock: { Self.start.addingTimeInterval(31) })
        try store.collect("web-02", with: store.pipeline(now: Self.start.addingTimeInterval(30)))
        try store.collect("web-03", with: waited)
        #expect(try store.head()?.time == Self.start.addingTimeInterval(31))
        #expect(try waited.verifyLog(trust: []).checkpoints == 3, "the first commit and both collects verify")
    }

    /// `vigil audit` collects, then checks at its "now": read again after the collect, or what the
    /// collect logged after waiting for the lock would be evidence logged after the check's instant.
    @Test func aCheckAfterACollectInTheSameRunJudgesAfterWhatItLogged() throws {
        let store = try Store()
        let run = store.pipeline(now: Self.start.addingTimeInterval(10), clock: { Self.start.addingTimeInterval(31) })
        try store.collect("web-02", with: run)
        let controls = EvaluationEvidenceTests.repository.appendingPathComponent("Controls")
        func late(_ pipeline: Pipeline) throws -> Int {
            try pipeline.check(at: pipeline.now, controlsDirectory: controls).controls.flatMap(\.results).filter { !$0.late.isEmpty }.count
        }
        #expect(try late(run) > 0, "at the time the run started, the collect's records were not yet logged")
        let checking = run.rereadingTheClock()
        #expect(checking.now == Self.start.addingTimeInterval(31))
        #expect(try late(checking) == 0)
    }

    @Test func aClockBehindTheStoreIsRefusedAndNothingIsStored() throws {
        let store = try Store()
        try store.collect("web-02", with: store.pipeline(now: Self.start.addingTimeInterval(30)))
        let before = try store.head()
        let behind = store.pipeline(now: Self.start.addingTimeInterval(29.5))
        #expect {
            try store.collect("web-03", with: behind)
        } throws: { error in
            "\(error)".contains("the clock reads 2026-11-29T12:00:29.500Z, before the store's last commit (2026-11-29T12:00:30Z)")
                && "\(error)".contains("nothing was stored")
        }
        #expect(try store.head()?.id == before?.id)
        let stored = try behind.verifyLog(trust: []).records
        // The same second as the last commit is not behind it.
        try store.collect("web-03", with: store.pipeline(now: Self.start.addingTimeInterval(30.5)))
        #expect(try behind.verifyLog(trust: []).records == 2 * stored)
    }
}
