import EvidenceModel
import Foundation
import Testing

/// The MPIC controls through the built binary: the shipped Open MPIC responses and Boulder audit log
/// collected with `mpic` and `boulder-audit`, then `vigil check --format json` and `vigil evidence list`.
@Suite(.serialized)
struct WebPKIMpicTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let evidence = repository.appendingPathComponent("Evidence/webpki/mpic")

    /// A workspace with the MPIC controls, the asset inventory (the domains in scope) and the samples.
    private func collected() throws -> Scratch {
        let scratch = try Scratch()
        try scratch.write("Controls/webpki-mpic.yaml", try Data(contentsOf: Self.repository.appendingPathComponent("Controls/webpki-mpic.yaml")))
        #expect(try scratch.vigil(["init", "--controls", "none"]).status == 0)
        let inventory = try scratch.vigil([
            "collect", "assets", Self.repository.appendingPathComponent("Evidence/assets/inventory.yaml").path,
            "--observed-at", "2026-11-27T09:00:00Z",
        ])
        #expect(inventory.status == 0, "\(inventory.stderr)")
        let responses = try FileManager.default.contentsOfDirectory(atPath: Self.evidence.path).filter { $0.hasSuffix(".json") }.sorted()
        let mpic = try scratch.vigil(["collect", "mpic"] + responses.map { Self.evidence.appendingPathComponent($0).path })
        #expect(mpic.status == 0, "\(mpic.stderr)")
        let boulder = try scratch.vigil(["collect", "boulder-audit", Self.evidence.appendingPathComponent("boulder-audit.log").path])
        #expect(boulder.status == 0, "\(boulder.stderr)")
        return scratch
    }

    /// control id → subject → (status, reason), from `vigil check --format json`.
    private func results(_ scratch: Scratch) throws -> [String: [String: (status: String, reason: String)]] {
        let run = try scratch.vigil(["check", "--at", "2026-11-29T12:00:00Z", "--format", "json"])
        #expect(run.status == 1, "\(run.stderr)")
        let report = try JSONValue.parse(Data(run.stdout.utf8))
        var byControl: [String: [String: (status: String, reason: String)]] = [:]
        for control in report["controls"]?.arrayValue ?? [] {
            for result in control["results"]?.arrayValue ?? [] {
                byControl[control["id"]?.stringValue ?? "", default: [:]][result["subject"]?.stringValue ?? ""] =
                    (result["status"]?.stringValue ?? "", result["reason"]?.stringValue ?? "")
            }
        }
        return byControl
    }

    @Test func quorumVerdictsAreRecomputedNeverTakenFromIsValid() throws {
        let quorum = try #require(try results(try collected())["MPIC-01"])
        #expect(
            quorum.mapValues(\.status) == [
                "domain:shop.example.net": "pass", "domain:api.example.net": "pass", "domain:mail.example.net": "fail",
                "domain:cdn.example.net": "fail", "domain:legacy.example.net": "stale", "domain:blog.example.net": "missing",
                "domain:shop.example.org": "pass", "domain:static.example.org": "fail", "domain:old.example.org": "not_applicable",
            ])
        let mail = quorum["domain:mail.example.net"]?.reason ?? ""
        #expect(
            mail.contains(
                "CAA mail.example.net at 2026-11-27T14:02:00.034Z: 3 distinct remote perspectives < 4 required; "
                    + "corroborating perspectives in 1 RIR (ARIN) < 2 (BR 3.2.2.9, phase of 2026-06-15"), "\(mail)")
        #expect(mail.hasPrefix("1 of 1 judged fail (1 event in the last 90d); worst: event: CAA mail.example.net at "), "\(mail)")
        #expect(quorum["domain:cdn.example.net"]?.reason.contains("quorum 3/6, 3 non-corroborations > 2 allowed") == true)
        #expect(quorum["domain:api.example.net"]?.reason.contains("quorum 4/6, 2 non-corroborations ≤ 2 allowed") == true)
        #expect(quorum["domain:static.example.org"]?.reason.contains("judged from Boulder's counts") == true)
        #expect(quorum["domain:legacy.example.net"]?.reason.contains("no mpic.result, validation.result event in the last 90d") == true)
    }

    @Test func agreementFailsOnDissentErrorsAndDifferentRecords() throws {
        let agreement = try #require(try results(try collected())["MPIC-02"])
        #expect(agreement["domain:shop.example.net"]?.status == "pass")
        #expect(agreement["domain:mail.example.net"]?.status == "pass")
        let api = agreement["domain:api.example.net"]?.reason ?? ""
        #expect(api.contains("2 of 6 perspectives did not corroborate: eu-west-2 not completed"), "\(api)")
        let cdn = agreement["domain:cdn.example.net"]?.reason ?? ""
        #expect(cdn.contains("3 of 6 perspectives did not corroborate: eu-central-1 failed, eu-west-2 failed, ap-northeast-1 failed"))
        #expect(agreement["domain:shop.example.org"]?.reason.contains("pass/fail compared only") == true)
        #expect(agreement["domain:old.example.org"]?.status == "fail")
    }

    @Test func aDomainsEvidenceReadsValidationsThenTheIssuanceDecision() throws {
        let scratch = try collected()
        let run = try scratch.vigil(["evidence", "list", "--subject", "domain:shop.example.org"])
        #expect(run.status == 0, "\(run.stderr)")
        // The inventory's asset record is about the domain too; the CA's decisions follow it.
        let all = try run.stdout.split(separator: "\n").map { try JSONValue.parse(Data($0.utf8)) }
        #expect(all.first?["kind"] == "asset")
        let records = Array(all.dropFirst())
        #expect(records.compactMap { $0["kind"]?.stringValue } == Array(repeating: "validation.result", count: 7) + ["issuance.decision"])
        #expect(records.compactMap { $0["data"]?["role"]?.stringValue } == Array(repeating: "remote", count: 5) + ["primary", "primary"])
        #expect(records[6]["data"]?["event"] == "CAA check result")
        #expect(records[7]["data"]?["outcome"] == "successful")
        #expect(records[7]["data"]?["serial_number"] == "03b7a91c2e4d6f80a1b3c5d7e9f1a3b5c7d9")
        let times = records.compactMap { $0["observed_at"]?.stringValue }
        #expect(times == times.sorted())
        let refused = try scratch.vigil(["evidence", "list", "--subject", "domain:old.example.org", "--kind", "issuance.decision"])
        #expect(refused.stdout.contains(#""outcome":"error""#), "\(refused.stdout)")
    }

    @Test func vigilYamlsPerspectiveCatalogueReplacesTheBuiltInOne() throws {
        let scratch = try Scratch()
        try scratch.write(
            "Controls/mpic.yaml",
            """
            - {id: MPIC-01, title: Quorum, severity: high, evidence: mpic.result, check: {type: mpic_quorum}}
            """)
        #expect(try scratch.vigil(["init", "--controls", "none"]).status == 0)
        let perspectives = ["pop-ashburn", "pop-frankfurt", "pop-tokyo", "pop-saopaulo"].enumerated().map { index, code in
            #"{"perspective_code": "\#(code)", "check_response": {"check_completed": true, "check_passed": true, "errors": null, "#
                + #""timestamp_ns": 179594640000000000\#(index), "check_type": "caa", "details": {"caa_record_present": false, "#
                + #""found_at": null, "records_seen": []}}}"#
        }
        try scratch.write(
            "own.json",
            #"{"check_type": "caa", "domain_or_ip_target": "own.example", "is_valid": true, "#
                + #""mpic_completed": true, "perspectives": [\#(perspectives.joined(separator: ", "))]}"#)
        #expect(try scratch.vigil(["collect", "mpic", "own.json"]).status == 0)
        func verdict() throws -> JSONValue? {
            let run = try scratch.vigil(["check", "--at", "2026-11-29T12:00:00Z", "--format", "json"])
            return try JSONValue.parse(Data(run.stdout.utf8))["controls"]?.arrayValue?.first?["results"]?.arrayValue?.first
        }
        let builtIn = try verdict()
        #expect(builtIn?["status"] == "error")
        #expect(builtIn?["reason"]?.stringValue?.contains("not in the built-in perspective catalogue") == true)
        try scratch.write(
            "catalogue.yaml",
            """
            - {code: pop-ashburn, rir: ARIN, latitude: 39.04, longitude: -77.49}
            - {code: pop-frankfurt, rir: RIPE NCC, latitude: 50.11, longitude: 8.68}
            - {code: pop-tokyo, rir: apnic, latitude: 35.68, longitude: 139.65}
            - {code: pop-saopaulo, rir: LACNIC, latitude: -23.55, longitude: -46.63}
            """)
        try scratch.write("vigil.yaml", "perspective_catalogue: catalogue.yaml\n")
        let configured = try verdict()
        #expect(configured?["status"] == "pass", "\(String(describing: configured))")
        #expect(configured?["reason"]?.stringValue?.contains("corroborating in 4 RIRs (APNIC, ARIN, LACNIC, RIPE NCC)") == true)
    }

    @Test func anAlteredAuditLineOrTheSpecsFlatExampleIsRejectedNamingFileAndPlace() throws {
        let scratch = try Scratch()
        #expect(try scratch.vigil(["init", "--controls", "none"]).status == 0)
        let log = try String(contentsOf: Self.evidence.appendingPathComponent("boulder-audit.log"), encoding: .utf8)
        try scratch.write("tampered.log", Data(log.replacingOccurrences(of: #""quorumResult":"2/3""#, with: #""quorumResult":"3/3""#).utf8))
        let tampered = try scratch.vigil(["collect", "boulder-audit", "tampered.log"])
        #expect(tampered.status == 2)
        #expect(tampered.stderr.contains("tampered.log: line 11: checksum mismatch"), "\(tampered.stderr)")
        try scratch.write(
            "flat.json",
            Data(
                """
                {"check_type": "caa", "domain_or_ip_target": "example.com", "is_valid": true, "mpic_completed": true,
                 "perspectives": [{"perspective_code": "us-east-2", "check_passed": true, "check_completed": true}]}
                """.utf8))
        let flat = try scratch.vigil(["collect", "mpic", "flat.json"])
        #expect(flat.status == 2)
        #expect(flat.stderr.contains("flat.json: $.perspectives[0]: perspective results sit flat"), "\(flat.stderr)")
        #expect(try scratch.vigil(["evidence", "list"]).stdout.isEmpty)
    }
}
