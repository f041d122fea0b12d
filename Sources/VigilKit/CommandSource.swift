import Collectors
import Foundation

/// A source that is a command run on this host (`fwupdmgr get-devices --json` under cron).
enum CommandSource {
    /// Runs `/bin/sh -c command` with a timeout; its standard output is the input.
    ///
    /// A non-zero exit, a timeout or a failure to start rejects the input with the exit status and the
    /// start of standard error, so the evidence of a broken collector is a message, never a half record.
    /// Collectors whose tool reports a state through its exit status (``EvidenceCollector/readsFailedCommands``,
    /// e.g. `fwupdmgr security --json` on a VM) still get the output. Either way the collector gets
    /// the exit status and standard error (``CommandRun``). Without a configured subject the command
    /// is about this host: `host:<short host name>`.
    static func run(_ command: String, collector: String, subject: String?, observedAt: Date?,
                    timeout: TimeInterval) -> CollectItem {
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
        func item(_ bytes: Result<Data, VigilError>, _ run: CommandRun? = nil) -> CollectItem {
            CollectItem(collector: collector, name: "\(name).out", origin: label, bytes: bytes, subject: subject,
                        observedAt: observedAt, command: run)
        }
        do { try process.run() } catch {
            return item(.failure(.input(file: label, reason: "could not start: \(error.localizedDescription)")))
        }
        let finished = DispatchSemaphore(value: 0)
        let output = OutputCollector()
        DispatchQueue.global().async {
            output.stdout = stdout.fileHandleForReading.readDataToEndOfFile()
            finished.signal()
        }
        DispatchQueue.global().async {
            output.stderr = stderr.fileHandleForReading.readDataToEndOfFile()
            finished.signal()
        }
        let deadline = DispatchTime.now() + timeout
        let timedOut = finished.wait(timeout: deadline) == .timedOut || finished.wait(timeout: deadline) == .timedOut
        if timedOut {
            process.terminate()
            return item(.failure(.input(file: label, reason: "timed out after \(Int(timeout))s")))
        }
        process.waitUntilExit()
        let errorText = String(decoding: output.stderr.prefix(500), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let run = CommandRun(command: command, exitStatus: process.terminationStatus, standardError: errorText)
        let readsFailures = CollectorRegistry.collector(named: collector)?.readsFailedCommands ?? false
        guard process.terminationStatus == 0 || (readsFailures && !output.stdout.isEmpty) else {
            return item(.failure(.input(
                file: label, reason: "exited with status \(process.terminationStatus)\(errorText.isEmpty ? "" : ": \(errorText)")")))
        }
        return item(.success(output.stdout), run)
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
