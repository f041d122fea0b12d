import EvidenceModel
import Foundation

@testable import ControlEngine

/// OSV advisories written for the firmware checks' tests (project convention: ecosystem `fwupd`,
/// package name = device GUID).
enum AdvisoryFixture {
    static let systemFirmwareGuid = "6e58e73d-8061-44e4-8949-33b7f0d5c726"

    static let osv = """
        {"vulns": [
          {"id": "VIGIL-FW-2026-001", "aliases": ["CVE-2026-1111", "CVE-2026-1112"], "summary": "SMM callout",
           "affected": [{"package": {"ecosystem": "fwupd", "name": "6E58E73D-8061-44E4-8949-33B7F0D5C726"},
                         "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "0.1.24"}]}],
                         "database_specific": {"version_format": "triplet"}}]},
          {"id": "VIGIL-FW-2026-002", "aliases": ["CVE-2026-2222"],
           "affected": [{"package": {"ecosystem": "fwupd", "name": "b616d3d6-cca9-40bd-964e-b86ffb62744d"},
                         "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0.1.5"}, {"last_affected": "0.1.9"}]}],
                         "database_specific": {"version_format": "triplet"}}]},
          {"id": "PYSEC-0000-1", "affected": [{"package": {"ecosystem": "PyPI", "name": "requests"},
                         "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}]}]}]}
        ]}
        """

    static var advisories: [FirmwareAdvisory] { OSVAdvisoryFile.read(Data(osv.utf8)).advisories ?? [] }

    static func device(
        _ name: String, guid: String, version: String?, format: String?, raw: Double? = nil
    )
        -> EvidenceRecord
    {
        var data: [String: JSONValue] = ["DeviceId": .string("id-\(name)"), "Name": .string(name), "Guid": [.string(guid)]]
        data["Version"] = version.map(JSONValue.string)
        data["VersionFormat"] = format.map(JSONValue.string)
        data["VersionRaw"] = raw.map(JSONValue.number)
        return Fixture.record(EvidenceKind.firmwareDevice, "host:a", data)
    }
}
