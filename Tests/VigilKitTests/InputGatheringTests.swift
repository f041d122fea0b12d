import Foundation
import Testing
import VigilTestSupport

@testable import VigilKit

struct InputGatheringTests {
    private func folder() throws -> TemporaryFolder {
        let folder = try TemporaryFolder("vigil-kit")
        let url = folder.url
        try FileManager.default.createDirectory(at: url.appendingPathComponent("fw/.hidden"), withIntermediateDirectories: true)
        for name in ["fw/a.json", "fw/b.json", "fw/c.txt", "fw/.hidden/x.json"] {
            try Data(name.utf8).write(to: url.appendingPathComponent(name))
        }
        return folder
    }

    @Test func folderStandsForItsFilesWithoutHiddenOnes() throws {
        let temporary = try folder()
        let url = temporary.url
        let items = InputGathering.items(collector: "fwupd", paths: [url.appendingPathComponent("fw").path], subject: nil, observedAt: nil)
        #expect(items.map(\.name) == ["a.json", "b.json", "c.txt"])
    }

    @Test func globsWithBracesMatchAndUnmatchedSourcesAreRejected() throws {
        let temporary = try folder()
        let url = temporary.url
        let config = Configuration(baseDirectory: url)
        let sources = [
            SourceSpec(collector: "fwupd", input: .path("fw/{a,b}.json"), subject: nil, observedAt: nil, timeout: 5),
            SourceSpec(collector: "fwupd", input: .path("nothing/*.json"), subject: nil, observedAt: nil, timeout: 5),
        ]
        let items = InputGathering.items(for: sources, configuration: config)
        #expect(items.map(\.name) == ["a.json", "b.json", "nothing/*.json"])
        guard case .failure(let error) = items[2].bytes else { Issue.record("expected a failure"); return }
        #expect(error.description.contains("matched no files"))
    }

    @Test func folderWithNoInputFilesIsOneFailedItemNamingIt() throws {
        let temporary = try folder()
        let url = temporary.url
        try FileManager.default.createDirectory(at: url.appendingPathComponent("empty/sub"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: url.appendingPathComponent("onlyhidden"), withIntermediateDirectories: true)
        try Data("{}".utf8).write(to: url.appendingPathComponent("onlyhidden/.x.json"))
        let onlyHidden = url.appendingPathComponent("onlyhidden").path
        for path in [url.appendingPathComponent("empty").path, onlyHidden] {
            let items = InputGathering.items(collector: "fwupd", paths: [path], subject: nil, observedAt: nil)
            #expect(items.count == 1, "\(path)")
            guard case .failure(let error) = items.first?.bytes else { Issue.record("expected a failure: \(path)"); continue }
            #expect(items.first?.origin == path, "the item names the folder")
            #expect(!error.description.contains(path), "and the reason does not name it again: \(error)")
            #expect(error.description.contains("holds no input files"), "\(error)")
        }
        let config = Configuration(baseDirectory: url)
        let source = SourceSpec(collector: "fwupd", input: .path("empty"), subject: nil, observedAt: nil, timeout: 5)
        let items = InputGathering.items(for: [source], configuration: config)
        guard case .failure(let error) = items.first?.bytes else { Issue.record("expected a failure"); return }
        #expect(error.description.contains("holds no input files"), "\(error)")
    }

    @Test func missingFileIsAFailedItemNotAThrow() {
        let item = InputGathering.fileItem(collector: "fwupd", path: "/nonexistent/a.json", subject: nil, observedAt: nil)
        guard case .failure(let error) = item.bytes else { Issue.record("expected a failure"); return }
        #expect(error.description == "the folder '/nonexistent' does not exist")
    }
}

struct CommandSourceTests {
    /// Generous: these tests are about output and status, and a loaded 2-core CI machine running the
    /// suite in parallel once took over 10 s to start and reap a `printf`.
    static let ample: TimeInterval = 120

    @Test func standardOutputOfACommandIsTheInput() throws {
        let item = CommandSource.run("printf '{\"Devices\":[]}'", collector: "fwupd", subject: "host:a", observedAt: nil, timeout: Self.ample)
        #expect(try item.bytes.get() == Data(#"{"Devices":[]}"#.utf8))
        #expect(item.origin == "command: printf '{\"Devices\":[]}'")
        #expect(item.subject == "host:a")
    }

    @Test func failingCommandIsRejectedWithItsStatusAndStandardError() {
        let item = CommandSource.run(
            "echo 'HSI unavailable' >&2; exit 3", collector: "fwupd", subject: nil, observedAt: nil,
            timeout: Self.ample)
        guard case .failure(let error) = item.bytes else { Issue.record("expected a failure"); return }
        #expect(error.description.contains("exited with status 3: HSI unavailable"))
    }

    @Test func commandThatRunsTooLongIsStopped() {
        let start = Date()
        let item = CommandSource.run("sleep 20", collector: "fwupd", subject: nil, observedAt: nil, timeout: 1)
        guard case .failure(let error) = item.bytes else { Issue.record("expected a failure"); return }
        #expect(error.description.contains("timed out after 1s"))
        #expect(Date().timeIntervalSince(start) < 15)
    }
}
