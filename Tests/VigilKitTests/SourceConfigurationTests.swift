import EvidenceModel
import Foundation
import Testing

@testable import VigilKit

/// A source's `name` (default: its collector and path or command) and cadence `every`: its runs are
/// logged as `source:<name>`, so names are distinct and valid subjects.
struct SourceConfigurationTests {
    private let file = URL(fileURLWithPath: "/etc/vigil/vigil.yaml")

    @Test func aSourceIsNamedAsGivenOrAfterItsCollectorAndInput() throws {
        let config = try Configuration.parse(
            """
            sources:
              - {name: fleet firmware, every: 1d, collector: fwupd, path: "fw/*.json"}
              - {collector: fwupd, command: fwupdmgr get-devices --json, every: 12h}
              - {collector: risks, path: register.yaml}
            """, file: file)
        #expect(config.sources.map(\.name) == ["fleet firmware", "fwupd fwupdmgr get-devices --json", "risks register.yaml"])
        #expect(config.sources.map(\.every?.seconds) == [86_400, 43_200, nil])
    }

    @Test(arguments: [
        (
            "  - {collector: fwupd, path: a.json}\n  - {collector: fwupd, path: a.json}\n",
            "line 3: sources[1] has the name 'fwupd a.json' of sources[0]; give one a 'name'"
        ),
        ("  - {collector: fwupd, path: a.json, every: daily}\n", "line 2: sources[0].every: 'daily' is not a duration (1d, 12h, 1w)"),
        ("  - {collector: fwupd, path: a.json, every: 0d}\n", "line 2: sources[0].every: '0d' is not a duration (1d, 12h, 1w)"),
        ("  - {collector: fwupd, path: a.json, name: \"a\\nb\"}\n", "line 2: sources[0].name: subject"),
    ])
    func aBadNameOrCadenceIsRefusedNamingItsLine(yaml: String, reason: String) {
        do {
            _ = try Configuration.parse("sources:\n" + yaml, file: file)
            Issue.record("expected a refusal")
        } catch {
            #expect(error.description.contains(reason), "\(error)")
            #expect(error.exitCode == 2)
        }
    }
}
