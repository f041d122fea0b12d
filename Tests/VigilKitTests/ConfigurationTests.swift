import EvidenceModel
import Foundation
import Testing

@testable import VigilKit

struct ConfigurationTests {
    private let file = URL(fileURLWithPath: "/etc/vigil/vigil.yaml")

    @Test func sourcesPoliciesAndPathsAreRead() throws {
        let config = try Configuration.parse(
            """
            workspace: /var/lib/vigil
            controls: controls.d
            sources:
              - {collector: fwupd, path: "fw/*.json", observed_at: 2026-11-28T06:00:00Z}
              - {collector: fwupd, command: fwupdmgr get-devices --json, subject: "host:web-01", timeout: 2m}
            acceptance_policy: {max_extensions: 1, max_total: 180d}
            """, file: file)
        #expect(config.workspace == "/var/lib/vigil")
        #expect(config.resolve(config.controls).path == "/etc/vigil/controls.d")
        #expect(config.sources.count == 2)
        #expect(config.sources[0].input == .path("fw/*.json"))
        #expect(config.sources[0].observedAt?.timeIntervalSince1970 == 1_795_845_600)
        #expect(config.sources[1].input == .command("fwupdmgr get-devices --json"))
        #expect(config.sources[1].timeout == 120)
        #expect(config.sources[1].subject == "host:web-01")
        #expect(config.acceptancePolicy.maxExtensions == 1)
        #expect(config.acceptancePolicy.maxTotal.days == 180)
    }

    @Test func limitsOverrideTheDefaultsOneByOne() throws {
        let config = try Configuration.parse(
            """
            limits: {file_size: 2KiB, document_size: 1MiB, string_size: 4096, nesting_depth: 64, yaml_aliases: 10,
                     yaml_alias_nodes: 500, regex_text_length: 200, command_timeout: 30s, command_output_size: 1GiB,
                     records_per_commit: 1000}
            """, file: file)
        var expected = InputLimits()
        expected.fileBytes = 2048
        expected.documentBytes = 1 << 20
        expected.stringBytes = 4096
        expected.nestingDepth = 64
        expected.yamlAliases = 10
        expected.yamlAliasNodes = 500
        expected.regexTextLength = 200
        expected.commandTimeout = 30
        expected.commandOutputBytes = 1 << 30
        expected.recordsPerCommit = 1000
        #expect(config.limits == expected)
        #expect(config.checkContext.regexTextLength == 200)
        #expect(try Configuration.parse("workspace: w\n", file: file).limits == .standard)
    }

    @Test(arguments: [
        ("colour: blue", "line 1: unknown key 'colour'"),
        ("sources:\n  - {collector: fwupd}", "line 2: sources[0]: give exactly one of 'path' or 'command'"),
        ("sources:\n  - {collector: fwupd, path: a, observed_at: soon}", "sources[0].observed_at: 'soon' is not an RFC 3339 timestamp"),
        ("sources:\n  - {path: a}", "line 2: sources[0]: missing 'collector'"),
        ("acceptance_policy: {max_total: 1y}", "acceptance_policy.max_total: '1y' is not a duration"),
        ("limits: {records_per_commit: 0}", "line 1: limits.records_per_commit: '0' is not a whole number from 1 to 1000000000"),
        ("sources: [a: [b", "vigil.yaml"),
    ])
    func badConfigurationIsRejectedNamingTheLine(yaml: String, expected: String) {
        do {
            _ = try Configuration.parse(yaml, file: file)
            Issue.record("expected an error for \(yaml)")
        } catch {
            #expect(error.exitCode == 2)
            #expect(error.description.contains(expected), "\(error.description)")
        }
    }

    @Test func missingDefaultFileMeansBuiltInDefaults() throws {
        let config = try Configuration.load(file: nil, directory: URL(fileURLWithPath: "/nonexistent"))
        #expect(config.workspace == ".vigil")
        #expect(config.controls == "Controls")
        #expect(config.sources.isEmpty)
    }

    @Test func namedFileThatDoesNotExistIsAUsageError() {
        #expect(throws: VigilError.self) {
            try Configuration.load(file: URL(fileURLWithPath: "/nonexistent/v.yaml"), directory: URL(fileURLWithPath: "/"))
        }
    }
}
