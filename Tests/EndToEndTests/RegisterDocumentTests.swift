import EvidenceModel
import Foundation
import Testing

/// Registers are documents (DESIGN §12): a newer collection of the risk register or the asset
/// inventory replaces what the file said before, and extensions count from their `at`.
@Suite(.serialized)
struct RegisterDocumentTests {
    /// FW-01 over three hosts: web-01 passes, lab-3 fails (RA-1 accepts it), db-01 fails.
    private func prepared(register: String = Fixtures.risks) throws -> Scratch {
        let scratch = try Scratch()
        try scratch.write("Controls/firmware.yaml", Fixtures.controls)
        try scratch.write("in/web-01.devices.json", Fixtures.fwupd(updatable: true))
        try scratch.write("in/lab-3.devices.json", Fixtures.fwupd(updatable: false))
        try scratch.write("reg/risks.yaml", register)
        #expect(try scratch.vigil(["init", "--controls", "none"]).status == 0)
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

    // MARK: Withdrawn acceptances

    @Test(arguments: [
        "[]\n",  // an empty register withdraws everything it listed
        """
        - id: RA-2
          control: FW-01
          subjects: [host:db-01]
          approved_by: ciso@example.net
          accepted_at: 2026-11-01
          expires_at: 2027-01-31
        """,
    ])
    func anAcceptanceLeftOutOfANewerRegisterIsWithdrawnAndCoversNothing(newer: String) throws {
        let scratch = try prepared()
        #expect(try scratch.vigil(["collect", "risks", "reg/risks.yaml", "--observed-at", "2026-11-20T00:00:00Z"]).status == 0)
        let before = try report(scratch, at: "2026-11-21T00:00:00Z")
        #expect(result(before, "host:lab-3")?["status"] == "accepted")
        #expect(acceptance(before, "RA-1")?["status"] == "active")

        try scratch.write("reg/risks.yaml", newer)
        let collect = try scratch.vigil(["collect", "risks", "reg/risks.yaml", "--observed-at", "2026-11-25T00:00:00Z"])
        #expect(collect.status == 0, "\(collect.stderr)")
        let run = try scratch.vigil(["check", "--at", "2026-11-26T00:00:00Z", "--format", "json"])
        #expect(run.status == 1, "lab-3 fails again: \(run.stderr)")
        let after = try JSONValue.parse(Data(run.stdout.utf8))
        #expect(result(after, "host:lab-3")?["status"] == "fail")
        #expect(result(after, "host:lab-3")?["acceptance"] == .null)
        let withdrawn = try #require(acceptance(after, "RA-1"))
        #expect(withdrawn["status"] == "withdrawn")
        #expect(withdrawn["withdrawn_at"] == "2026-11-25T00:00:00Z")
        #expect(withdrawn["reasons"] == [])

        // History: before the newer collection, the older register still holds.
        let past = try report(scratch, at: "2026-11-24T00:00:00Z")
        #expect(result(past, "host:lab-3")?["status"] == "accepted")
        #expect(acceptance(past, "RA-1")?["status"] == "active")
    }

    @Test func withdrawnAcceptancesShowInTheTextAndMarkdownReports() throws {
        let scratch = try prepared()
        _ = try scratch.vigil(["collect", "risks", "reg/risks.yaml", "--observed-at", "2026-11-20T00:00:00Z"])
        try scratch.write("reg/risks.yaml", "[]\n")
        _ = try scratch.vigil(["collect", "risks", "reg/risks.yaml", "--observed-at", "2026-11-25T00:00:00Z"])
        let text = try scratch.vigil(["check", "--at", "2026-11-26T00:00:00Z"]).stdout
        #expect(text.contains("Risk acceptances (1, 0 stale, 1 withdrawn)"), "\(text)")
        #expect(text.contains("withdrawn 2026-11-25T00:00:00Z"), "\(text)")
        let markdown = try scratch.vigil(["check", "--at", "2026-11-26T00:00:00Z", "--format", "markdown"]).stdout
        #expect(markdown.contains("| RA-1 | FW-01 | host:lab-3 | withdrawn 2026-11-25T00:00:00Z |"), "\(markdown)")
    }

    @Test func collectingTheSameRegisterAgainAtTheSameTimeAddsNothing() throws {
        let scratch = try prepared()
        for _ in 0..<2 {
            #expect(try scratch.vigil(["collect", "risks", "reg/risks.yaml", "--observed-at", "2026-11-20T00:00:00Z"]).status == 0)
        }
        let documents = try scratch.vigil(["evidence", "list", "--kind", "register"]).stdout
        #expect(documents.split(separator: "\n").count == 1, "the same record id, stored once")
        #expect(documents.contains("\"subject\":\"register:risks/risks.yaml\""), "\(documents)")
        #expect(try scratch.vigil(["evidence", "list", "--kind", "risk.acceptance"]).stdout.split(separator: "\n").count == 1)
    }

    // MARK: Removed assets

    @Test func anAssetLeftOutOfANewerInventoryLeavesScope() throws {
        let scratch = try prepared()
        try scratch.write("Controls/firmware.yaml", Fixtures.controls + "\n  scope: {type: host, tags: [prod]}\n")
        let inventory = """
            - {id: web-01, type: host, tags: [prod]}
            - {id: lab-9, type: host, tags: [prod]}
            """
        try scratch.write("inv/assets.yaml", inventory)
        _ = try scratch.vigil(["collect", "assets", "inv/assets.yaml", "--observed-at", "2026-11-20T00:00:00Z"])
        let before = try report(scratch, at: "2026-11-21T00:00:00Z")
        #expect(result(before, "host:lab-9")?["status"] == "missing")
        let gapsBefore = before["scope_gaps"]?.arrayValue ?? []
        #expect(gapsBefore.contains { $0["subject"] == "host:lab-9" && $0["gap"] == "no_evidence" }, "\(gapsBefore)")

        try scratch.write("inv/assets.yaml", "- {id: web-01, type: host, tags: [prod]}\n")
        _ = try scratch.vigil(["collect", "assets", "inv/assets.yaml", "--observed-at", "2026-11-25T00:00:00Z"])
        let after = try report(scratch, at: "2026-11-26T00:00:00Z")
        #expect(result(after, "host:lab-9") == nil)
        #expect(!(after["scope_gaps"]?.arrayValue ?? []).contains { $0["subject"] == "host:lab-9" })

        // Evidence about it that still arrives is about a subject the inventory does not list.
        try scratch.write("late/lab-9.devices.json", Fixtures.fwupd(updatable: true))
        _ = try scratch.vigil(["collect", "fwupd", "late/lab-9.devices.json", "--observed-at", "2026-11-26T00:00:00Z"])
        let unknown = try report(scratch, at: "2026-11-27T00:00:00Z")
        let gaps = (unknown["scope_gaps"]?.arrayValue ?? []).filter { $0["subject"] == "host:lab-9" }
        #expect(gaps.map { $0["gap"] } == ["unknown_subject"], "\(gaps)")
        #expect(gaps.first?["reason"]?.stringValue?.contains("2 records (firmware.device) about") == true, "\(gaps)")
    }

    // MARK: Extensions

    @Test func theExpiryInForceIsTheExtensionWithTheNewestDateNotTheLastInTheFile() throws {
        let scratch = try prepared(
            register: Fixtures.risks.replacingOccurrences(
                of: "expires_at: 2027-01-31",
                with: """
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
        let scratch = try prepared(
            register: Fixtures.risks + """

                  extensions:
                    - {at: 2026-12-20, expires_at: 2027-02-28, by: ciso@example.net}
                """)
        let run = try scratch.vigil(["collect", "risks", "reg/risks.yaml", "--observed-at", "2026-11-29T00:00:00Z"])
        #expect(run.status == 2, "\(run.stderr)")
        let line = run.stderr.split(separator: "\n").first { $0.contains("rejected") }.map(String.init) ?? ""
        for part in [
            "reg/risks.yaml", "[0].extensions[0].at", "RA-1", "2026-12-20T00:00:00Z", "2026-11-29T00:00:00Z",
            "dated after the register's observed_at",
        ] {
            #expect(line.contains(part), "\(part) in \(run.stderr)")
        }
        #expect(try scratch.vigil(["evidence", "list", "--kind", "risk.acceptance"]).stdout.isEmpty, "nothing stored")
    }
}
