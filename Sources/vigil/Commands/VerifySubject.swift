import ArgumentParser
import Foundation
import VigilKit

extension Vigil.Log {
    /// A subject owner's check of its published log: nothing but the published files and a key.
    struct VerifySubject: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify-subject",
            abstract: "Prove one subject's history complete and untampered from a published log (exit 0 or 3); no workspace needed.")
        @Option(help: "The published log: a folder, or an http(s):// URL (from 'vigil publish --subjects').") var from: String
        @Option(help: "Trusted verifier keys (strings or files).") var trust: [String] = []
        @Argument(help: "The subject, e.g. domain:example.org.") var subject: String

        func run() throws {
            let summary = try Pipeline.verifySubject(subject, from: PublishedSource(from), trust: trust)
            var line = "\(summary.subject): \(summary.records) record\(summary.records == 1 ? "" : "s"), complete and untampered"
            line += "; subject head at root log index \(summary.rootIndex) of \(summary.origin) size \(summary.rootSize)"
            line += ", the newest (\(summary.laterRootEntries) later root entr\(summary.laterRootEntries == 1 ? "y" : "ies") checked)"
            if let logged = summary.loggedAt { line += ", logged \(Timestamp.format(logged))" }
            if let newest = summary.newestObservation { line += "; newest observed \(Timestamp.format(newest))" }
            Console.output(line + "\n")
        }
    }
}
