import Collectors
import EvidenceModel
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A source that is a command run on this host (`fwupdmgr get-devices --json` under cron).
enum CommandSource {
    /// Runs `/bin/sh -c command` with a timeout; its standard output, up to `outputLimit` bytes, is the input.
    ///
    /// A non-zero exit, a timeout, too much output or a failure to start rejects the input with the
    /// reason and the start of standard error, so the evidence of a broken collector is a message,
    /// never a half record. On a timeout or too much output the command's whole process group (the
    /// shell and everything it started; Foundation gives each child a group of its own) is killed.
    /// Collectors whose tool reports a state through its exit status (``EvidenceCollector/readsFailedCommands``,
    /// e.g. `fwupdmgr security --json` on a VM) still get the output. Either way the collector gets
    /// the exit status and standard error (``CommandRun``). Without a configured subject the command
    /// is about this host: `host:<short host name>`.
    static func run(
        _ command: String, collector: String, subject: String?, observedAt: Date?,
        timeout: TimeInterval, outputLimit: Int = InputLimits.standard.commandOutputBytes
    ) -> CollectItem {
        let subject = subject ?? localHostSubject()
        let label = "command: \(command)"
        let name = command.split(separator: " ").first.map { ($0 as Substring).split(separator: "/").last.map(String.init) ?? "command" } ?? "command"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        func item(_ bytes: Result<Data, UnreadableInput>, _ run: CommandRun? = nil) -> CollectItem {
            CollectItem(
                collector: collector, name: "\(name).out", origin: label, bytes: bytes, subject: subject,
                observedAt: observedAt, command: run)
        }
        do { try process.run() } catch {
            return item(.failure(UnreadableInput("could not start /bin/sh: \(FileProblem(error, path: "/bin/sh"))")))
        }
        let group = process.processIdentifier
        let finished = DispatchSemaphore(value: 0)
        let output = OutputCollector()
        DispatchQueue.global().async {
            output.stdout = read(stdout.fileHandleForReading, upTo: outputLimit) { kill(-group, SIGKILL) }
            finished.signal()
        }
        DispatchQueue.global().async {
            output.stderr = read(stderr.fileHandleForReading, upTo: 500) {}
            finished.signal()
        }
        // A day at most: DispatchTime traps on spans it cannot count in nanoseconds.
        let deadline = DispatchTime.now() + min(max(timeout, 0), 86_400)
        if finished.wait(timeout: deadline) == .timedOut || finished.wait(timeout: deadline) == .timedOut {
            kill(-group, SIGKILL)
            process.waitUntilExit()
            return item(
                .failure(
                    UnreadableInput(
                        "timed out after \(Int(exactly: timeout.rounded()).map { "\($0)s" } ?? timeout.humanAge) "
                            + "(timeout, or limits.command_timeout in vigil.yaml); the command and its children were stopped")))
        }
        process.waitUntilExit()
        if output.stdout.count > outputLimit {
            return item(
                .failure(
                    UnreadableInput(
                        "standard output is over the limit of "
                            + "\(InputLimits.size(outputLimit)) (limits.command_output_size in vigil.yaml); the command was stopped")))
        }
        let errorText = String(decoding: output.stderr.prefix(500), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let run = CommandRun(command: command, exitStatus: process.terminationStatus, standardError: errorText)
        let readsFailures = CollectorRegistry.collector(named: collector)?.readsFailedCommands ?? false
        guard process.terminationStatus == 0 || (readsFailures && !output.stdout.isEmpty) else {
            return item(
                .failure(
                    UnreadableInput(
                        "exited with status \(process.terminationStatus)\(errorText.isEmpty ? "" : ": \(errorText)")")))
        }
        return item(.success(output.stdout), run)
    }

    /// Reads `handle` to its end, keeping at most `limit + 1` bytes; past the limit it calls
    /// `overflowed` once (to stop the writer) and drains the rest unkept, so no writer blocks on a full pipe.
    private static func read(_ handle: FileHandle, upTo limit: Int, overflowed: () -> Void) -> Data {
        var kept = Data()
        var hasOverflowed = false
        while true {
            let chunk = handle.availableData
            if chunk.isEmpty { return kept }
            if kept.count <= limit { kept.append(chunk.prefix(limit + 1 - kept.count)) }
            if kept.count > limit, !hasOverflowed {
                hasOverflowed = true
                overflowed()
            }
        }
    }

    /// `host:` and this machine's host name up to its first dot (`web-01.example.net` → `host:web-01`).
    static func localHostSubject() -> String {
        let name = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? ""
        return "host:" + (name.isEmpty ? "localhost" : name)
    }
}

/// Holds the two pipes' bytes; each field is written by one reader and read after both signalled.
private final class OutputCollector: @unchecked Sendable {
    var stdout = Data()
    var stderr = Data()
}
