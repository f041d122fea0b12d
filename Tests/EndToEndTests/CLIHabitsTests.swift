import Foundation
import Testing

/// The habits of good command-line tools (issue #19, item 5) on the built binary.
@Suite(.serialized)
struct CLIHabitsTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `--version` names Vigil, the C libraries as they report themselves, and every package at the
    /// exact version Package.swift pins.
    @Test func versionNamesTheLibrariesAndEveryPinnedPackage() throws {
        let scratch = try Scratch()
        let run = try scratch.vigil(["--version"])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("vigil ") == true, "\(run.stdout)")
        #expect(lines.contains { $0.hasPrefix("libgit2 1.") } && lines.contains { $0.hasPrefix("SQLite 3.") }, "\(run.stdout)")
        let manifest = try String(contentsOf: Self.repository.appendingPathComponent("Package.swift"), encoding: .utf8)
        let pins = manifest.split(separator: "\n").compactMap { line -> String? in
            guard let url = line.range(of: "url: \"https://github.com/"), let exact = line.range(of: "exact: \"") else { return nil }
            let name = line[url.upperBound...].split(separator: "\"")[0].split(separator: "/")[1]
            return "\(name) \(line[exact.upperBound...].split(separator: "\"")[0])"
        }
        #expect(!pins.isEmpty)
        #expect(Set(pins).isSubset(of: Set(lines)), "pinned \(pins), printed \(lines)")
    }

    @Test func globalOptionsWorkBeforeOrAfterTheSubcommand() throws {
        let scratch = try Scratch()
        #expect(try scratch.vigil(["--home", "ws", "init"]).status == 0)
        #expect(FileManager.default.fileExists(atPath: scratch.url.appendingPathComponent("ws/store").path))
        for arguments in [["--home", "ws", "log", "verify"], ["--home=ws", "--quiet", "log", "verify"], ["log", "verify", "--home", "ws"]] {
            let run = try scratch.vigil(arguments)
            #expect(run.status == 0, "\(arguments): \(run.stderr)")
        }
        let unknown = try scratch.vigil(["--home", "ws", "frobnicate"])
        #expect(unknown.status == 2)
    }

    @Test func quietPrintsOnlyErrors() throws {
        let scratch = try Scratch()
        let initialized = try scratch.vigil(["init", "--quiet"])
        #expect(initialized.status == 0 && initialized.stderr.isEmpty && initialized.stdout.isEmpty, "\(initialized.stderr)")
        let verified = try scratch.vigil(["--quiet", "log", "verify"])
        #expect(verified.status == 0 && verified.stderr.isEmpty, "\(verified.stderr)")
        let loud = try scratch.vigil(["log", "verify"])
        #expect(!loud.stderr.isEmpty, "without --quiet the result is said")
        let failing = try scratch.vigil(["--quiet", "log", "verify-note", "--trust", "nokey", "missing.note"])
        #expect(failing.status != 0 && failing.stderr.contains("missing.note"), "errors still print: \(failing.stderr)")
    }
}
