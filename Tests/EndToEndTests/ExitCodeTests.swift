import EvidenceModel
import Foundation
import Testing

/// Exit codes of DESIGN §7 where they used to drift: not-a-workspace is 2 for every command, and the
/// checkpoint of the empty log is trivially a prefix (0), not an internal error.
@Suite(.serialized)
struct ExitCodeTests {
    @Test(arguments: [
        ["keys", "list"], ["keys", "public"], ["keys", "generate"], ["keys", "rotate"], ["keys", "retire", "0badc0de"],
        ["index", "rebuild"], ["gc"], ["collect", "fwupd", "in.json"],
    ])
    func outsideAWorkspaceCommandsSaySoAndExit2(arguments: [String]) throws {
        let scratch = try Scratch()
        try scratch.write("in.json", Fixtures.fwupd(updatable: true))
        let run = try scratch.vigil(arguments)
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains(".vigil is not a Vigil workspace (run 'vigil init' or pass --home)"), "\(run.stderr)")
        #expect(run.stdout.isEmpty)
        #expect(
            !FileManager.default.fileExists(atPath: scratch.url.appendingPathComponent(".vigil").path),
            "nothing is created in a folder that is not a workspace")
    }

    @Test func consistencyFromTheEmptyLogIsTriviallyAPrefix() throws {
        let scratch = try Scratch()
        #expect(try scratch.vigil(["init", "--controls", "none"]).status == 0)
        let empty = try scratch.write("empty.checkpoint", try scratch.vigil(["log", "checkpoint"]).stdout)
        let same = try scratch.vigil(["log", "consistency", empty.path])
        #expect(same.status == 0, "\(same.stderr)")
        #expect(same.stderr.contains("an empty tree is trivially a prefix of the current log (size 0)"), "\(same.stderr)")

        try scratch.write("in/web-01.devices.json", Fixtures.fwupd(updatable: true))
        #expect(try scratch.vigil(["collect", "fwupd", "in/web-01.devices.json"]).status == 0)
        let grown = try scratch.vigil(["log", "consistency", empty.path])
        #expect(grown.status == 0, "\(grown.stderr)")
        #expect(grown.stdout.isEmpty)
        #expect(
            grown.stderr.contains("empty.checkpoint is the empty log (size 0): an empty tree is trivially a prefix of the current log (size 1)"),
            "\(grown.stderr)")
    }

    @Test func anEmptyCheckpointOfAnotherLogIsNoPrefix() throws {
        let scratch = try Scratch()
        #expect(try scratch.vigil(["init", "--controls", "none"]).status == 0)
        #expect(try scratch.vigil(["init", "--controls", "none", "--home", "other"]).status == 0)
        let foreign = try scratch.write("other.checkpoint", try scratch.vigil(["log", "checkpoint", "--home", "other"]).stdout)
        let run = try scratch.vigil(["log", "consistency", foreign.path])
        #expect(run.status == 3, "signed by a key this workspace does not trust: \(run.stderr)")
    }

    @Test func aBundleSinceTheEmptyLogIsAUsageError() throws {
        let scratch = try Scratch()
        try scratch.write("Controls/firmware.yaml", Fixtures.controls)
        #expect(try scratch.vigil(["init", "--controls", "none"]).status == 0)
        let empty = try scratch.write("empty.checkpoint", try scratch.vigil(["log", "checkpoint"]).stdout)
        let run = try scratch.vigil(["bundle", "export", "--output", "b.zip", "--since", empty.path])
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains("leave out --since"))
    }
}
