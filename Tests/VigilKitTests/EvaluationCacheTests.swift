import ControlEngine
import EvidenceModel
import EvidenceStore
import Foundation
import Testing
import VigilTestSupport

@testable import VigilKit

/// The TUI's cached evaluations: a reopening at the same instant is served from the workspace's
/// `tui-cache/` (its controls list before the index is even opened), and anything the evaluation
/// depends on changing makes it evaluate again.
@Suite(.serialized)
struct EvaluationCacheTests {
    static let instant = Timestamp.parse("2026-11-29T12:00:00Z")!

    /// The shipped demo collected into a fresh workspace, with a copy of the controls that tests may edit.
    struct Demo {
        let scratch: TemporaryFolder
        let pipeline: Pipeline
        let controls: URL

        init() throws {
            scratch = try TemporaryFolder()
            let configuration = try Configuration.load(file: nil, directory: EvaluationEvidenceTests.repository)
            pipeline = Pipeline(
                workspace: Workspace(home: scratch.url.appendingPathComponent("ws")), configuration: configuration,
                now: EvaluationCacheTests.instant)
            _ = try pipeline.workspace.create(at: pipeline.now, origin: pipeline.origin)
            _ = try? pipeline.collect(InputGathering.items(for: configuration.sources, configuration: configuration))
            controls = scratch.url.appendingPathComponent("Controls")
            try FileManager.default.copyItem(at: configuration.resolve(configuration.controls), to: controls)
        }

        func open(at instant: Date = EvaluationCacheTests.instant, pinned: Bool = true) throws -> TUIQueries {
            try TUIQueries(pipeline: pipeline, at: instant, pinned: pinned, controlsDirectory: controls)
        }

        var cacheFolder: URL { pipeline.workspace.home.appendingPathComponent("tui-cache") }

        /// The kept files of one kind (`evaluation`, `preview`), oldest first.
        func kept(_ kind: String) throws -> [URL] {
            let urls = (try? FileManager.default.contentsOfDirectory(at: cacheFolder, includingPropertiesForKeys: [.contentModificationDateKey])) ?? []
            return try urls.filter { $0.pathExtension == kind }.sorted {
                try $0.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate!
                    < $1.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate!
            }
        }
    }

    @Test func reopeningAtTheSameInstantShowsTheCachedEvaluationUnchanged() throws {
        let demo = try Demo()
        let first = try demo.open()
        let evaluated = try first.evaluation()
        #expect(!first.lastEvaluationWasCached)
        let second = try demo.open()
        let cached = try second.evaluation()
        #expect(second.lastEvaluationWasCached)
        #expect(cached == evaluated)
        #expect(evaluated.controls.contains { $0.status == .fail } && !evaluated.scopeGaps.isEmpty && !evaluated.acceptances.isEmpty)
    }

    @Test func aNewCommitMakesTheNextOpeningEvaluateAgain() throws {
        let demo = try Demo()
        let before = try demo.open().evaluation()
        let device = try Data(contentsOf: EvaluationEvidenceTests.repository.appendingPathComponent("Evidence/firmware/web-01.devices.json"))
        _ = try demo.pipeline.collect([
            CollectItem(
                collector: "fwupd", name: "new-host.devices.json", origin: "test", bytes: .success(device),
                subject: "host:new-host", observedAt: Self.instant.addingTimeInterval(-3_600))
        ])
        let reopened = try demo.open()
        #expect(try reopened.preview() == nil, "the kept controls list is of the old head")
        let after = try reopened.evaluation()
        #expect(!reopened.lastEvaluationWasCached)
        #expect(after.recordCount > before.recordCount)
        #expect(after.controls.contains { $0.result.results.contains { $0.subject == "host:new-host" } })
        #expect(!before.controls.contains { $0.result.results.contains { $0.subject == "host:new-host" } })
        let again = try demo.open()
        #expect(try again.preview() == EvaluationPreview(after))
        #expect(try again.evaluation() == after && again.lastEvaluationWasCached)
        #expect(try demo.kept("evaluation").count == 2 && demo.kept("preview").count == 2)
    }

    @Test func anEditedControlFileMakesTheNextOpeningEvaluateAgain() throws {
        let demo = try Demo()
        let before = try demo.open().evaluation()
        let file = try #require(
            try FileManager.default.contentsOfDirectory(atPath: demo.controls.path)
                .filter { $0.hasSuffix(".yaml") }.sorted().first)
        let url = demo.controls.appendingPathComponent(file)
        let yaml = try String(contentsOf: url, encoding: .utf8)
        try yaml.replacingOccurrences(of: "  title: ", with: "  title: Edited ").write(to: url, atomically: true, encoding: .utf8)
        let reopened = try demo.open()
        let after = try reopened.evaluation()
        #expect(!reopened.lastEvaluationWasCached)
        #expect(after.controls.contains { $0.result.title.hasPrefix("Edited ") })
        #expect(!before.controls.contains { $0.result.title.hasPrefix("Edited ") })
    }

    @Test func anotherInstantIsAnotherEvaluation() throws {
        let demo = try Demo()
        _ = try demo.open().evaluation()
        let later = try demo.open(at: Self.instant.addingTimeInterval(1))
        _ = try later.evaluation()
        #expect(!later.lastEvaluationWasCached)
        let earlier = try demo.open(at: Timestamp.parse("2026-11-01T00:00:00Z")!)
        let past = try earlier.evaluation()
        #expect(!earlier.lastEvaluationWasCached)
        let again = try demo.open(at: Timestamp.parse("2026-11-01T00:00:00Z")!)
        #expect(try again.evaluation() == past && again.lastEvaluationWasCached)
    }

    /// A TUI at the clock's now (no `--at`) keeps its evaluation for the session only: no other
    /// session asks for that instant again, so nothing is written into the workspace.
    @Test func anEvaluationAtTheClocksNowIsKeptForTheSessionNotInTheWorkspace() throws {
        let demo = try Demo()
        let now = try demo.open(pinned: false)
        let evaluated = try now.evaluation()
        #expect(!now.lastEvaluationWasCached)
        #expect(try now.evaluation() == evaluated && now.lastEvaluationWasCached)
        #expect(try demo.kept("evaluation").isEmpty && demo.kept("preview").isEmpty)
        let another = try demo.open(pinned: false)
        #expect(try another.preview() == nil)
        #expect(try another.evaluation() == evaluated && !another.lastEvaluationWasCached)
        // A pinned instant is kept, for the next session that asks for it.
        _ = try demo.open().evaluation()
        #expect(try demo.kept("evaluation").count == 1 && demo.kept("preview").count == 1)
    }

    /// The controls list is read from its file alone: a reopening shows it with an index that cannot
    /// even be opened, and the evaluation that follows still audits the index and fails.
    @Test func theKeptControlsListIsReadBeforeTheIndexIsOpened() throws {
        let demo = try Demo()
        let evaluated = try demo.open().evaluation()
        try Data(repeating: 0x5A, count: 4096).write(to: demo.pipeline.workspace.indexURL)
        let reopened = try demo.open()
        #expect(try reopened.preview() == EvaluationPreview(evaluated))
        #expect(throws: VigilError.self) { try reopened.evaluation() }
    }

    /// Each file is MAC'd over its key: one copied over another key's (an instant before the
    /// evidence, all missing, over a later one), or edited, is a miss and is evaluated again.
    @Test func aKeptFileCopiedToAnotherKeyOrEditedIsAMiss() throws {
        let demo = try Demo()
        let earlier = Timestamp.parse("2026-11-01T00:00:00Z")!
        let past = try demo.open(at: earlier).evaluation()
        let present = try demo.open().evaluation()
        #expect(past != present)
        for kind in ["preview", "evaluation"] {
            let files = try demo.kept(kind)
            try #require(files.count == 2)
            try FileManager.default.removeItem(at: files[1])
            try FileManager.default.copyItem(at: files[0], to: files[1])
        }
        let attacked = try demo.open()
        #expect(try attacked.preview() == nil)
        #expect(try attacked.evaluation() == present && !attacked.lastEvaluationWasCached)
        // Kept again; now one byte of each of its files is changed.
        for kind in ["preview", "evaluation"] {
            let file = try #require(try demo.kept(kind).last)
            var bytes = try Data(contentsOf: file)
            bytes[bytes.count - 2] ^= 0x01
            try bytes.write(to: file)
        }
        let edited = try demo.open()
        #expect(try edited.preview() == nil)
        #expect(try edited.evaluation() == present && !edited.lastEvaluationWasCached)
        #expect(try demo.open(at: earlier).evaluation() == past)
    }

    @Test func theKeyNamesHeadInstantControlsResourcesPolicyAndProgram() throws {
        let head = try #require(GitObjectID(hex: String(repeating: "a", count: 40)))
        let other = try #require(GitObjectID(hex: String(repeating: "b", count: 40)))
        let control = Control(
            id: "C-1", title: "t", severity: .low, evidence: ["k"],
            check: CheckSpec(type: "expect", resources: ["advisories": Data("1".utf8)]))
        let changed = Control(
            id: "C-1", title: "t", severity: .low, evidence: ["k"],
            check: CheckSpec(type: "expect", resources: ["advisories": Data("2".utf8)]))
        let configuration = Configuration(baseDirectory: URL(fileURLWithPath: "/"))
        var stricter = configuration
        stricter.acceptancePolicy = AcceptancePolicy(maxExtensions: 0)
        func key(
            head: GitObjectID = head, instant: Date = Self.instant, files: String = "a.yaml", controls: [Control]? = nil,
            configuration: Configuration = configuration, program: String = "vigil 1"
        ) -> String {
            EvaluationCache.key(
                head: head, instant: instant, controlFiles: Data(files.utf8), controls: controls ?? [control],
                configuration: configuration, program: program)
        }
        let base = key()
        #expect(key() == base)
        #expect(key(head: other) != base)
        #expect(key(instant: Self.instant.addingTimeInterval(0.001)) != base)
        #expect(key(files: "b.yaml") != base)
        #expect(key(controls: [changed]) != base)
        #expect(key(configuration: stricter) != base)
        #expect(key(program: "vigil 2") != base)
        #expect(EvaluationCache.program != nil, "the test process can name its executable")
    }

    /// With controls that judge each subject on its own evidence, the TUI evaluates a slice of
    /// subjects at a time, as `vigil check` does: the same summaries, gaps and acceptance timelines as
    /// from every record at once.
    @Test func aSlicedEvaluationShowsWhatTheWholeOneShows() throws {
        let demo = try Demo()
        for file in ["webpki-certificates.yaml", "webpki-issuance.yaml", "webpki-mpic.yaml"] {
            try FileManager.default.removeItem(at: demo.controls.appendingPathComponent(file))
        }
        let queries = try demo.open()
        _ = try queries.evaluation()  // audits the index
        let controls = try ControlLibrary.load(from: demo.controls).requireValid()
        #expect(Evaluator(controls: controls, context: demo.pipeline.configuration.checkContext).canSlice)
        queries.subjectsPerSlice = nil
        let whole = try queries.evaluate(controls)
        #expect(whole.controls.contains { $0.status == .fail } && !whole.scopeGaps.isEmpty && !whole.acceptances.isEmpty)
        for perSlice in [1, 2, 7] {
            queries.subjectsPerSlice = perSlice
            #expect(try queries.evaluate(controls) == whole, "\(perSlice) subjects per slice")
        }
    }
}
