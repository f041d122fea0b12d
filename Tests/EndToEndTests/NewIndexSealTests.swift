import Foundation
import Testing
import VigilTestSupport

/// A new workspace's index is sealed by the collect that fills it, and the seal holds when the next
/// command opens the index: the workspace's first check needs no whole audit.
@Suite(.serialized)
struct NewIndexSealTests {
    /// 1,000 keys from the bench's generator: with a settle of its own (a table of another name than
    /// GRDB's), the seal of an index this size broke at the next opening (200 keys did not show it).
    @Test func theSealOfANewIndexHoldsWhenTheNextCommandOpensIt() throws {
        let scratch = try Scratch()
        #expect(try scratch.vigil(["init", "--controls", "none"]).status == 0)
        let keys = scratch.url.appendingPathComponent("keys-in")
        let generator = CLIHabitsTests.repository.appendingPathComponent("Benchmarks/scale/generate.py")
        let generated = try runProcess("python3", [generator.path, "kms", "1000", keys.path])
        #expect(generated.status == 0, "\(generated.output)")
        let inputs = ["describe-key", "get-key-rotation-status", "list-key-rotations"].map { keys.appendingPathComponent("\($0).json").path }
        let collect = try scratch.vigil(["collect", "aws-kms"] + inputs + ["--observed-at", "2026-11-28T00:00:00Z"])
        #expect(collect.status == 0, "\(collect.stderr)")
        let seal = scratch.url.appendingPathComponent(".vigil/index.sqlite.seal")
        let sealed = try Data(contentsOf: seal)
        // A seal that no longer held would be replaced by the one the whole audit makes.
        for _ in 0..<2 {
            #expect(try scratch.vigil(["evidence", "list", "--subject", "none"]).status == 0)
            #expect(try Data(contentsOf: seal) == sealed)
        }
    }
}
