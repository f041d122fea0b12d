import Foundation
import Testing

@testable import ControlEngine

struct OSVAdvisoryFileTests {
    @Test func aVulnsDocumentKeepsOnlyFwupdEntriesWithGuidsLowercased() throws {
        let advisories = try #require(OSVAdvisoryFile.read(Data(AdvisoryFixture.osv.utf8)).advisories)
        #expect(advisories.map(\.id) == ["VIGIL-FW-2026-001", "VIGIL-FW-2026-002", "PYSEC-0000-1"])
        #expect(advisories[0].aliases == ["CVE-2026-1111", "CVE-2026-1112"])
        #expect(advisories[0].affected.first?.guid == AdvisoryFixture.systemFirmwareGuid)
        #expect(advisories[0].affected.first?.format == .triplet)
        #expect(advisories[2].affected.isEmpty)
    }

    @Test func aPlainListOfAdvisoriesIsAccepted() {
        let text = #"[{"id": "A-1", "affected": [{"package": {"ecosystem": "fwupd", "name": "g"}, "versions": ["1.0"]}]}]"#
        #expect(OSVAdvisoryFile.read(Data(text.utf8)).advisories?.first?.affected.first?.versions == ["1.0"])
    }

    @Test(arguments: [
        (#"{"advisories": []}"#, "$: expected a list of OSV advisories or {\"vulns\": [...]}, found object"),
        (#"[{"affected": []}]"#, "$[0].id: required: the advisory's id"),
        (
            #"[{"id": "A", "affected": [{"package": {"ecosystem": "fwupd", "name": "g"}, "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}]}]}]}]"#,
            "$[0].affected[0].ranges[0].type: range type 'SEMVER' is not supported (use ECOSYSTEM: fwupd versions are neither SemVer nor git)"
        ),
        (
            #"[{"id": "A", "affected": [{"package": {"ecosystem": "fwupd", "name": "g"}, "database_specific": {"version_format": "semver"}, "versions": ["1"]}]}]"#,
            "$[0].affected[0].database_specific.version_format: 'semver' is not a fwupd VersionFormat (use plain, number, pair, triplet, quad, bcd, intel-me, intel-me2, intel-csme19, surface-legacy, surface, dell-bios, dell-bios-msb, hex)"
        ),
        (
            #"[{"id": "A", "affected": [{"package": {"ecosystem": "fwupd", "name": "g"}, "ranges": [{"type": "ECOSYSTEM", "events": [{"fixed": "2"}]}]}]}]"#,
            "$[0].affected[0].ranges[0].events: no 'introduced' event (use \"0\" for all earlier versions)"
        ),
        ("[{\"id\": \n", "line 2, end of file: truncated JSON: the document ends early"),
    ])
    func badFilesNameThePlaceAndTheReason(text: String, problem: String) {
        let read = OSVAdvisoryFile.read(Data(text.utf8))
        #expect(read.advisories == nil)
        #expect(read.problem == problem)
    }
}
