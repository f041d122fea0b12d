import Foundation
import Testing
import VigilTestSupport

/// `kill -9` of `vigil collect` at random moments, run after run: the store is always at a committed
/// state (`log verify` and `git fsck --strict` pass), the index catches up and passes its audit,
/// every run that reported success has all its records, and the next run completes.
///
/// `VIGIL_SOAK_RUNS` sets the number of killed runs (default 24; the README's soak runs 100 on a
/// release build).
@Suite(.serialized)
struct CrashSoakTests {
    @Test func collectsKilledAtRandomMomentsNeverLeaveAHalfWrittenStore() throws {
        let runs = Int(ProcessInfo.processInfo.environment["VIGIL_SOAK_RUNS"] ?? "") ?? 24
        let scratch = try Scratch()
        #expect(try scratch.vigil(["init", "--controls", "none"]).status == 0)
        var generator = SeededGenerator(seed: 20261203)
        var succeeded: [String] = []
        for run in 0..<runs {
            let file = "in\(run)/host\(run % 7).json"
            try scratch.write(file, Fixtures.fwupd(updatable: run % 2 == 0, version: "1.\(run).0"))
            let process = Process()
            process.executableURL = VigilBinary.url
            process.arguments = ["collect", "fwupd", file, "--observed-at", "2026-11-20T00:00:00Z", "--quiet"]
            process.currentDirectoryURL = scratch.url
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Anywhere from before the store is opened to after the index sync.
            Thread.sleep(forTimeInterval: Double(generator.next() % 400) / 1000)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if process.terminationReason == .exit && process.terminationStatus == 0 { succeeded.append("1.\(run).0") }

            let verify = try scratch.vigil(["log", "verify"])
            #expect(verify.status == 0, "run \(run): \(verify.stderr)")
            let fsck = try runGit(["--git-dir", scratch.url.appendingPathComponent(".vigil/store").path, "fsck", "--strict"])
            #expect(fsck.status == 0, "run \(run): \(fsck.output)")
        }
        // The next run completes, and every run that said it succeeded has its records.
        try scratch.write("last/host0.json", Fixtures.fwupd(updatable: true, version: "9.9.9"))
        #expect(try scratch.vigil(["collect", "fwupd", "last/host0.json", "--observed-at", "2026-11-21T00:00:00Z"]).status == 0)
        let listed = try scratch.vigil(["evidence", "list"])
        #expect(listed.status == 0, "\(listed.stderr)")
        for version in succeeded + ["9.9.9"] {
            #expect(listed.stdout.contains("\"Version\":\"\(version)\""), "records of a successful run are missing: \(version)")
        }
        #expect(try scratch.vigil(["index", "rebuild"]).stdout == "")
        #expect(try scratch.vigil(["evidence", "list"]).stdout == listed.stdout, "the caught-up index equals a rebuilt one")
    }
}

/// SplitMix64: the same sequence on every machine, so a failing run can be replayed.
struct SeededGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
