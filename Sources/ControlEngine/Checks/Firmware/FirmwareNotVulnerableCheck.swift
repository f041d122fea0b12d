import EvidenceModel
import Foundation

/// `firmware_not_vulnerable`: no device of the host's newest fwupd collection runs a version inside
/// an affected range of an OSV advisory file.
///
/// ```yaml
/// check: {type: firmware_not_vulnerable, advisories: advisories/firmware.osv.json}
/// ```
/// `advisories` is relative to the control file. Devices join advisories on their `Guid`s; versions
/// compare exactly as fwupd compares them, after re-rendering `VersionRaw` when the advisory's
/// format differs from the device's. A named device whose version cannot be had without guessing
/// makes the host `error` (not assessable) unless another device already fails it; devices without
/// a version are named in the reason either way.
public struct FirmwareNotVulnerableCheck: ControlCheck {
    public static let type = "firmware_not_vulnerable"
    public static let fileParameters = ["advisories"]

    public let advisories: [FirmwareAdvisory]
    public let source: String

    public init(advisories: [FirmwareAdvisory], source: String = "advisories") {
        self.advisories = advisories
        self.source = source
    }

    public init?(parameters: inout CheckParameters) {
        guard let file = parameters.file("advisories") else { return nil }
        let read = OSVAdvisoryFile.read(file.bytes)
        guard let advisories = read.advisories else {
            parameters.report("advisories", "'\(file.path)' is not a usable OSV advisory file: \(read.problem ?? "unreadable")")
            return nil
        }
        self.init(advisories: advisories, source: file.path)
    }

    public func judge(_ records: [EvidenceRecord], at instant: Date) -> CheckVerdict {
        var findings: [String] = []
        var unassessable: [String] = []
        var versionless: [String] = []
        for record in records {
            let device: FirmwareDeviceVersion
            do { device = FirmwareDeviceVersion(try FirmwareDeviceEvidence(record: record)) } catch {
                unassessable.append("\(record.subject): \(error)")
                continue
            }
            if device.version == nil { versionless.append(device.name) }
            for advisory in advisories {
                for entry in advisory.entries(for: device.guids) {
                    let converted = device.version(in: entry.format)
                    guard let version = converted.version else {
                        unassessable.append("\(advisory.id): \(converted.problem ?? "no version")")
                        continue
                    }
                    guard let range = entry.affects(version, format: entry.format ?? device.format) else { continue }
                    let format = (entry.format ?? device.format)?.rawValue ?? "unknown format"
                    findings.append("\(device.name) \(version) (\(format)) is affected by \(Self.label(advisory)): \(range)")
                }
            }
        }
        var notes: [String] = []
        if !unassessable.isEmpty { notes.append("not assessable: " + Self.unique(unassessable).joined(separator: "; ")) }
        if !versionless.isEmpty {
            notes.append(
                "\(versionless.count) device\(versionless.count == 1 ? "" : "s") without a version: "
                    + versionless.joined(separator: ", "))
        }
        let suffix = notes.isEmpty ? "" : " (" + notes.joined(separator: "; ") + ")"
        if !findings.isEmpty {
            return .fail("\(findings.count) vulnerable: " + findings.joined(separator: "; ") + suffix)
        }
        if !unassessable.isEmpty {
            return CheckVerdict(status: .error, reason: "cannot compare versions: " + Self.unique(unassessable).joined(separator: "; "))
        }
        let count = advisories.count
        return .pass("\(records.count) devices checked against \(count) advisor\(count == 1 ? "y" : "ies") in \(source); none affected" + suffix)
    }

    /// `FWADV-1 (CVE-2026-1, CVE-2026-2)`.
    static func label(_ advisory: FirmwareAdvisory) -> String {
        advisory.aliases.isEmpty ? advisory.id : "\(advisory.id) (\(advisory.aliases.joined(separator: ", ")))"
    }

    private static func unique(_ items: [String]) -> [String] {
        var seen: Set<String> = []
        return items.filter { seen.insert($0).inserted }
    }
}
