import EvidenceModel
import Foundation
import Testing

/// The firmware family through the built binary: HSI attributes, advisories read relative to the
/// control file, InSpec imports, and a command source that exits non-zero.
@Suite(.serialized)
struct FirmwareEvidenceTests {
    static let controls = """
        - id: FW-03
          title: No known-vulnerable firmware
          severity: critical
          evidence: firmware.device
          origin: observed
          check: {type: firmware_not_vulnerable, advisories: osv/vulns.json}
        - id: FW-04
          title: Secure Boot on
          severity: high
          evidence: firmware.security
          origin: observed
          check: {type: hsi, attributes: {org.fwupd.hsi.Uefi.SecureBoot: enabled}}
        """

    static let advisories = """
        [{"id": "FWADV-1", "aliases": ["CVE-2026-0001"],
          "affected": [{"package": {"ecosystem": "fwupd", "name": "230c8b18-8d9b-53ec-838b-6cfc0383493a"},
                        "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1.2.4"}]}],
                        "database_specific": {"version_format": "triplet"}}]}]
        """

    static let vmError = #"{"Error":{"Domain":"FwupdError","Code":10,"Message":"HSI unavailable for unprivileged hypervisor"}}"#

    static func security(secureBoot: String) -> String {
        let flags = secureBoot == "enabled" ? #"["success"]"# : #"["action-config-fw"]"#
        return #"{"SecurityAttributes": [{"AppstreamId": "org.fwupd.hsi.Uefi.SecureBoot", "HsiLevel": 1, "HsiResult": ""#
            + secureBoot + #"", "Plugin": "uefi_capsule", "Flags": "# + flags + "}]}"
    }

    private func prepared() throws -> Scratch {
        let scratch = try Scratch()
        try scratch.write("Controls/firmware.yaml", Self.controls)
        try scratch.write("Controls/osv/vulns.json", Self.advisories)
        #expect(try scratch.vigil(["init", "--controls", "none"]).status == 0)
        return scratch
    }

    private func report(_ scratch: Scratch, at: String = "2026-11-21T00:00:00Z") throws -> [String: [String: JSONValue]] {
        let check = try scratch.vigil(["check", "--at", at, "--format", "json"])
        let report = try JSONValue.parse(Data(check.stdout.utf8))
        var results: [String: [String: JSONValue]] = [:]
        for control in report["controls"]?.arrayValue ?? [] {
            for result in control["results"]?.arrayValue ?? [] {
                results[control["id"]?.stringValue ?? "", default: [:]][result["subject"]?.stringValue ?? ""] = result
            }
        }
        return results
    }

    @Test func aVulnerableVersionFailsNamingTheAdvisoryAndCve() throws {
        let scratch = try prepared()
        try scratch.write("in/web-01.devices.json", Fixtures.fwupd(updatable: true, version: "1.2.4"))
        try scratch.write("in/web-02.devices.json", Fixtures.fwupd(updatable: true, version: "1.2.3"))
        let collect = try scratch.vigil([
            "collect", "fwupd", "in/web-01.devices.json", "in/web-02.devices.json",
            "--observed-at", "2026-11-20T06:00:00Z",
        ])
        #expect(collect.status == 0, "\(collect.stderr)")
        let results = try report(scratch)
        #expect(results["FW-03"]?["host:web-01"]?["status"] == "pass")
        #expect(results["FW-03"]?["host:web-02"]?["status"] == "fail")
        #expect(
            results["FW-03"]?["host:web-02"]?["reason"]
                == "1 vulnerable: System Firmware 1.2.3 (triplet) is affected by FWADV-1 (CVE-2026-0001): introduced 0, fixed 1.2.4")
    }

    @Test func secureBootOffFailsAndAVirtualMachineIsNotAssessable() throws {
        let scratch = try prepared()
        try scratch.write("in/web-01.security.json", Self.security(secureBoot: "enabled"))
        try scratch.write("in/web-02.security.json", Self.security(secureBoot: "not-enabled"))
        try scratch.write("in/vm-1.security.json", Self.vmError)
        let collect = try scratch.vigil(["collect", "fwupd-security", "in", "--observed-at", "2026-11-20T06:00:00Z"])
        #expect(collect.status == 0, "the VM's error document is evidence, not a rejection: \(collect.stderr)")
        let results = try report(scratch)
        #expect(results["FW-04"]?["host:web-01"]?["status"] == "pass")
        #expect(results["FW-04"]?["host:web-02"]?["reason"] == "1 of 1 attributes fail: Uefi.SecureBoot is not-enabled (required enabled)")
        #expect(results["FW-04"]?["host:vm-1"]?["status"] == "error")
        #expect(results["FW-04"]?["host:vm-1"]?["reason"] == "not assessable: HSI unavailable: HSI unavailable for unprivileged hypervisor")
    }

    @Test func aMissingAdvisoryFileIsALintErrorNamingControlAndField() throws {
        let scratch = try Scratch()
        try scratch.write("Controls/firmware.yaml", Self.controls)
        let lint = try scratch.vigil(["controls", "lint", "Controls"])
        #expect(lint.status == 2)
        #expect(
            lint.stdout.contains("Controls/firmware.yaml: control FW-03: field 'check.advisories': cannot read 'osv/vulns.json'")
                || lint.stderr.contains("Controls/firmware.yaml: control FW-03: field 'check.advisories': cannot read 'osv/vulns.json'"),
            "\(lint.stdout)\(lint.stderr)")
    }

    @Test func aCommandThatExitsNonZeroStillGivesHsiEvidenceWithItsExitStatus() throws {
        let scratch = try prepared()
        let command = "printf '%s' '\(Self.vmError)'; echo 'not on a VM' >&2; exit 1"
        try scratch.write(
            "vigil.yaml",
            """
            sources:
              - {collector: fwupd-security, command: "\(command.replacingOccurrences(of: "\"", with: "\\\""))", subject: "host:vm-2", timeout: 1m}
            """)
        let collect = try scratch.vigil(["collect"])
        #expect(collect.status == 0, "\(collect.stderr)")
        let list = try scratch.vigil(["evidence", "list", "--kind", "firmware.security"])
        let record = try JSONValue.parse(Data(list.stdout.split(separator: "\n").first.map { Data($0.utf8) } ?? Data()))
        #expect(record["subject"] == "host:vm-2")
        #expect(record["data"]?["available"] == false)
        #expect(record["data"]?["command"]?["exit_status"] == 1)
        #expect(record["data"]?["command"]?["stderr"] == "not on a VM")
    }

    @Test func inspecResultsAndAnExpiredWaiverAreCollected() throws {
        let scratch = try prepared()
        let inspec = """
            {"platform": {"name": "debian", "release": "12", "target_id": "web-01"}, "version": "5.22.3", "statistics": {},
             "profiles": [{"name": "baseline", "controls": [
               {"id": "ssh-1", "impact": 1.0, "title": "SSH", "results": [{"status": "failed", "code_desc": "sshd PermitRootLogin"}],
                "waiver_data": {"justification": "migration", "run": true, "skipped_due_to_waiver": false,
                                "message": "Waiver expired on 2026-01-01, evaluating control normally", "expiration_date": "2026-01-01"}}]}]}
            """
        try scratch.write("in/report.json", inspec)
        let collect = try scratch.vigil(["collect", "inspec", "in/report.json", "--observed-at", "2026-11-20T06:00:00Z"])
        #expect(collect.status == 0, "\(collect.stderr)")
        let results = try scratch.vigil(["evidence", "list", "--kind", "control.result"])
        #expect(results.stdout.contains(#""subject":"host:web-01""#))
        let check = try scratch.vigil(["check", "--at", "2026-11-21T00:00:00Z", "--format", "json"])
        let report = try JSONValue.parse(Data(check.stdout.utf8))
        let waiver = report["risk_acceptances"]?.arrayValue?.first { $0["id"] == "inspec:web-01:ssh-1" }
        #expect(waiver?["status"] == "stale")
        #expect(waiver?["reasons"]?.arrayValue?.contains("expired") == true)
    }
}
