import ArgumentParser
import Foundation
import VigilKit

/// Options every command takes: where the workspace and the configuration are.
struct GlobalOptions: ParsableArguments {
    @Option(help: "The workspace folder (default: VIGIL_HOME, then vigil.yaml's 'workspace', then .vigil).")
    var home: String?

    @Option(help: "The configuration file (default: vigil.yaml in the current folder, if present).")
    var config: String?

    @Flag(help: "Print no progress messages (the default when stderr is not a terminal).")
    var quiet = false

    var currentDirectory: URL { URL(fileURLWithPath: FileManager.default.currentDirectoryPath) }

    func configuration() throws(VigilError) -> Configuration {
        try Configuration.load(file: config.map { URL(fileURLWithPath: $0) }, directory: currentDirectory)
    }

    /// Flags beat the environment, which beats vigil.yaml, which beats the default.
    func workspace(_ configuration: Configuration) -> Workspace {
        Workspace(home: home(configuration), progress: progress)
    }

    private func home(_ configuration: Configuration) -> URL {
        if let home { return URL(fileURLWithPath: home) }
        if let env = ProcessInfo.processInfo.environment["VIGIL_HOME"], !env.isEmpty { return URL(fileURLWithPath: env) }
        return configuration.resolve(configuration.workspace)
    }

    /// Notices (the index had fallen behind) reach cron's mail too; running counts only a terminal.
    var progress: ProgressMessages {
        let quiet = quiet, countsQuiet = isQuiet
        return ProgressMessages(
            notice: { Console.info($0, quiet: quiet) }, detail: { Console.info($0, quiet: countsQuiet) },
            step: { step in if !countsQuiet { ProgressBar.shared.show(step) } })
    }

    func pipeline() throws(VigilError) -> Pipeline {
        let configuration = try configuration()
        let timeout = ProcessInfo.processInfo.environment["VIGIL_LOCK_TIMEOUT"].flatMap(TimeInterval.init) ?? 30
        return Pipeline(workspace: workspace(configuration), configuration: configuration, now: Date(), lockTimeout: timeout, clock: { Date() })
    }

    /// The folder named on the command line, else vigil.yaml's `controls`, else `Controls/`.
    func controlsFolder(_ explicit: String?) throws(VigilError) -> URL {
        if let explicit { return URL(fileURLWithPath: explicit) }
        let configuration = try configuration()
        return configuration.resolve(configuration.controls)
    }

    var isQuiet: Bool { quiet || !Console.stderrIsTerminal }
}

/// Parses `--at` and `--observed-at` values.
func parseInstant(_ text: String?, option: String) throws(VigilError) -> Date? {
    guard let text else { return nil }
    guard let date = Timestamp.parse(text) else {
        throw .usage("\(option): '\(text)' is not an RFC 3339 timestamp (e.g. 2026-11-29T00:00:00Z)")
    }
    return date
}

/// A numeric option below its least value, said with the value given (`--count -3`).
func requireAtLeast(_ least: Int, _ value: Int, option: String) throws {
    guard value >= least else { throw ValidationError("\(option) must be \(least) or more, not \(value)") }
}
