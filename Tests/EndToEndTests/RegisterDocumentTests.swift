import EvidenceModel
import Foundation
import Testing

/// Registers are documents (DESIGN §12): extensions count from their `at`.
@Suite(.serialized)
struct RegisterDocumentTests {
    /// FW-01 over three hosts: web-01 passes, lab-3 fails (RA-1 accepts it), db-01 fails.
    private func prepared(register: String = Fixtures.risks) throws -> Scratch {
        let scratch = try Scratch()
        try scratch.write("Controls/firmware.yaml", Fixtures.controls)
        try scratch.write("in/web-01.devices.json", Fixtures.fwupd(updatable: true))
        try scratch.write("in/lab-3.devices.json", Fixtures.fwupd(updatable: false))
        try scratch.write("reg/risks.yaml", register)
        #expect(try scratch.vigil(["init"]).status == 0)
        let collect = try scratch.vigil(["collect", "fwupd", "in", "--observed-at", "2026-11-20T00:00:00Z"])
        #expect(collect.status == 0, "\(collect.stderr)")
        return scratch
    }

    private func report(_ scratch: Scratch, at instant: String) throws -> JSONValue {
        let run = try scratch.vigil(["check", "--at", instant, "--format", "json"])
        #expect(run.status <= 1, "\(run.stderr)")
        return try JSONValue.parse(Data(run.stdout.utf8))
    }

    private func result(_ report: JSONValue, _ subject: String) -> JSONValue? {
        report["controls"]?.arrayValue?.first?["results"]?.arrayValue?.first { $0["subject"]?.stringValue == subject }
    }

    private func acceptance(_ report: JSONValue, _ id: String) -> JSONValue? {
        report["risk_acceptances"]?.arrayValue?.first { $0["id"]?.stringValue == id }
    }

    // MARK: Extensions

    @Test func theExpiryInForceIsTheExtensionWithTheNewestDateNotTheLastInTheFile() throws {
        let scratch = try prepared(register: Fixtures.risks.replacingOccurrences(of: "expires_at: 2027-01-31", with: """
            expires_at: 2026-10-31
              extensions:
                - {at: 2026-11-10, expires_at: 2027-02-28, by: ciso@example.net}
                - {at: 2026-10-25, expires_at: 2026-11-15, by: ciso@example.net}
            """))
        let collect = try scratch.vigil(["collect", "risks", "reg/risks.yaml", "--observed-at", "2026-11-20T00:00:00Z"])
        #expect(collect.status == 0, "\(collect.stderr)")
        let report = try report(scratch, at: "2026-11-21T00:00:00Z")
        let ra1 = try #require(acceptance(report, "RA-1"))
        #expect(ra1["status"] == "active", "\(ra1)")
        #expect(ra1["expires_at"] == "2027-02-28T00:00:00Z")
        #expect(ra1["extensions"] == 2)
        #expect(result(report, "host:lab-3")?["status"] == "accepted")
    }

    @Test func anExtensionDatedAfterTheRegistersObservationIsRejectedNamingIt() throws {
        let scratch = try prepared(register: Fixtures.risks + """

              extensions:
                - {at: 2026-12-20, expires_at: 2027-02-28, by: ciso@example.net}
            """)
        let run = try scratch.vigil(["collect", "risks", "reg/risks.yaml", "--observed-at", "2026-11-29T00:00:00Z"])
        #expect(run.status == 2, "\(run.stderr)")
        let line = run.stderr.split(separator: "\n").first { $0.contains("rejected") }.map(String.init) ?? ""
        for part in ["reg/risks.yaml", "[0].extensions[0].at", "RA-1", "2026-12-20T00:00:00Z", "2026-11-29T00:00:00Z",
                     "dated after the register's observed_at"] {
            #expect(line.contains(part), "\(part) in \(run.stderr)")
        }
        #expect(try scratch.vigil(["evidence", "list", "--kind", "risk.acceptance"]).stdout.isEmpty, "nothing stored")
    }
}
