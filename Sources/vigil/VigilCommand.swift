import ArgumentParser
import Foundation
import VigilKit

#if canImport(Glibc)
    import Glibc
#endif

/// The `vigil` command tree. Parsing and exit codes live here; the work happens in VigilKit.
@main
struct Vigil: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vigil",
        abstract: "Continuous compliance evidence: collect, store, check, report.",
        discussion: """
            Exit codes: 0 all pass (or accepted) · 1 a control is fail/stale/missing or an acceptance is stale · \
            2 usage or input error · 3 verification failed · 4 internal or I/O error.
            """,
        version: BuildInfo.text,
        subcommands: [
            Init.self, Collect.self, Push.self, Pull.self, Sequence.self, Check.self, Audit.self, Diff.self, Log.self, Keys.self, Publish.self, Witness.self,
            Bundle.self,
            Sample.self, Evidence.self, Controls.self, Index.self, Tui.self, Gc.self, Upgrade.self,
        ])

    /// Runs the command, mapping every failure to the exit codes of DESIGN §7 (argument errors exit 2, not 64).
    static func main() {
        ProcessMemory.prepare()
        do {
            var command = try parseAsRoot(GlobalArguments.reordered(Array(CommandLine.arguments.dropFirst()), root: Vigil.self))
            try command.run()
        } catch let error as VigilError {
            Console.error(error.description)
            Glibc.exit(error.exitCode)
        } catch let code as ExitCode {
            Glibc.exit(code.rawValue)
        } catch {
            if exitCode(for: error) == .success { exit(withError: error) }
            // ArgumentParser begins its messages with "Error: "; after "vigil: " it says nothing more.
            let message = fullMessage(for: error)
            Console.error(message.hasPrefix("Error: ") ? String(message.dropFirst("Error: ".count)) : message)
            Glibc.exit(2)
        }
    }
}

/// Where messages go: stderr, so that stdout stays bare for pipes.
enum Console {
    static func error(_ message: String) {
        ProgressBar.shared.erase()
        FileHandle.standardError.write(Data("vigil: \(lines(message))\n".utf8))
    }

    static func info(_ message: String, quiet: Bool) {
        guard !quiet else { return }
        ProgressBar.shared.erase()
        FileHandle.standardError.write(Data("\(lines(message))\n".utf8))
    }

    /// A message's own lines kept, any other control character from input written as an escape, so
    /// no message can send the terminal a sequence (lines naming input are escaped whole where made).
    private static func lines(_ message: String) -> String {
        message.split(separator: "\n", omittingEmptySubsequences: false).map { UntrustedText.escaped(String($0)) }
            .joined(separator: "\n")
    }

    static func output(_ text: String) {
        ProgressBar.shared.erase()
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// A command's whole output: to standard output, or to the file `path` names (replaced
    /// atomically, named in errors as the user wrote it).
    static func emit(_ bytes: [UInt8], to path: String?) throws(VigilError) {
        guard let path else { return output(bytes: bytes) }
        let file = try AtomicFile(replacing: URL(fileURLWithPath: path), named: path)
        try file.append(bytes)
        try file.commit()
    }

    /// Bytes as they are, without a copy (a large report).
    static func output(bytes: [UInt8]) {
        ProgressBar.shared.erase()
        withData(bytes) { FileHandle.standardOutput.write($0) }
    }

    /// `bytes` seen as `Data` for the length of `body`, not copied.
    static func withData<T>(_ bytes: [UInt8], _ body: (Data) throws -> T) rethrows -> T {
        try bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return try body(Data()) }
            return try body(Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: raw.count, deallocator: .none))
        }
    }

    /// Colour only for a terminal that wants it (NO_COLOR and TERM=dumb opt out).
    static var stdoutWantsColor: Bool {
        let env = ProcessInfo.processInfo.environment
        return isatty(STDOUT_FILENO) == 1 && env["NO_COLOR"] == nil && env["TERM"] != "dumb"
    }

    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }
}
