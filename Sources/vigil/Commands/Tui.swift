import ArgumentParser
import Foundation
import TUICore
import TUITerminal
import VigilKit

extension Vigil {
    struct Tui: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "tui",
            abstract: "Browse controls, results, evidence history, scope gaps, acceptances, the log and the sources.",
            discussion: """
                Keys: arrows or j/k, PgUp/PgDn, g/G, Enter open, Esc or h back, Tab next view, / search, \
                n/N next/previous match, f/F filter by status/framework, d decision log, D what changed since a week \
                before (as vigil diff), r reload, ? help, q quit.
                Headless (tests, tig's TIG_SCRIPT): --script FILE --size 80x24 --dump-screen DIR reads keys from \
                FILE (tokens like j <Enter> /text <Esc>; ':dump NAME' saves DIR/NAME.screen; ':resize 60x20').
                """)

        @OptionGroup var global: GlobalOptions

        @Option(help: "Browse as of this instant (RFC 3339; default: now), with only evidence observed by then.")
        var at: String?

        @Option(help: "The controls folder (default: vigil.yaml's 'controls', then Controls/).")
        var controls: String?

        @Option(help: "Headless: read keys from this key script instead of the terminal.")
        var script: String?

        @Option(help: "Headless: the screen size, e.g. 80x24.")
        var size: String = "80x24"

        @Option(help: "Headless: where ':dump NAME' steps write NAME.screen (default: the current folder).")
        var dumpScreen: String?

        func validate() throws {
            _ = try parseInstant(at, option: "--at")
            if script == nil && dumpScreen != nil { throw ValidationError("--dump-screen needs --script.") }
            if Size(size) == nil { throw ValidationError("--size: '\(size)' is not COLUMNSxROWS (e.g. 80x24).") }
        }

        func run() throws {
            let pipeline = try global.pipeline()
            let instant = try parseInstant(at, option: "--at") ?? pipeline.now
            let folder = try global.controlsFolder(controls)
            let queries = try TUIQueries(pipeline: pipeline, at: instant, pinned: at != nil, controlsDirectory: folder)
            let session = Session(queries: queries)
            if let script {
                try runHeadless(session, scriptPath: script)
            } else {
                guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
                    throw VigilError.usage("vigil tui needs a terminal (or --script FILE for the headless mode)")
                }
                let terminal = NCursesTerminal()
                defer { terminal.close() }
                var drawn = terminal
                session.run(on: &drawn)
            }
        }

        /// Runs the key script against an in-memory terminal and writes each dumped screen.
        private func runHeadless(_ session: Session, scriptPath: String) throws {
            guard let data = FileManager.default.contents(atPath: scriptPath) else {
                throw VigilError.usage("cannot read the key script \(scriptPath)")
            }
            let keys: KeyScript
            do { keys = try KeyScript(String(decoding: data, as: UTF8.self)) } catch {
                throw VigilError.usage("\(scriptPath): \(error.description)")
            }
            var terminal = TextTerminal(size: Size(size) ?? Size(columns: 80, rows: 24), script: keys)
            session.run(on: &terminal)
            let folder = URL(fileURLWithPath: dumpScreen ?? FileManager.default.currentDirectoryPath)
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                var dumps = terminal.dumps
                if dumps.isEmpty, let last = terminal.lastScreen { dumps = [("last", last)] }
                for (name, screen) in dumps {
                    try Data(screen.text.utf8).write(to: folder.appendingPathComponent("\(name).screen"))
                }
            } catch {
                throw VigilError.io("cannot write screen dumps to \(folder.path): \(FileProblem(error, path: folder.path))")
            }
        }
    }
}
