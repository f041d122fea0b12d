import EvidenceModel
import Foundation

/// Reads an OSV advisory file for fwupd devices: a JSON list of advisories or `{"vulns":[…]}`.
///
/// Only `affected[]` entries whose `package.ecosystem` is `fwupd` are kept (a file may also hold
/// advisories for other ecosystems). Ranges must be `ECOSYSTEM`: fwupd versions are neither SemVer
/// nor git commits. A problem names the JSON path (`$.vulns[0].affected[1].ranges[0].type`).
public enum OSVAdvisoryFile {
    /// The advisories, or nil and the first problem (`$.vulns[2].id: required: …`).
    public static func read(_ bytes: Data) -> (advisories: [FirmwareAdvisory]?, problem: String?) {
        do { return (try parse(bytes), nil) } catch { return (nil, error.description) }
    }

    /// Internal control flow of the reader; callers get ``read(_:)``'s value.
    struct Problem: Error, CustomStringConvertible {
        let location: String
        let reason: String
        var description: String { "\(location): \(reason)" }
    }

    static func parse(_ bytes: Data) throws(Problem) -> [FirmwareAdvisory] {
        let document: JSONValue
        do { document = try JSONValue.parse(bytes) } catch { throw Problem(location: error.location, reason: error.reason) }
        let list: [JSONValue]
        let listPath: String
        if let array = document.arrayValue {
            (list, listPath) = (array, "$")
        } else if let vulns = document["vulns"]?.arrayValue {
            (list, listPath) = (vulns, "$.vulns")
        } else {
            throw Problem(location: "$", reason: "expected a list of OSV advisories or {\"vulns\": [...]}, found \(document.typeName)")
        }
        var advisories: [FirmwareAdvisory] = []
        for (index, item) in list.enumerated() {
            advisories.append(try advisory(item, at: JSONPath.element(listPath, index)))
        }
        return advisories
    }

    private static func advisory(_ item: JSONValue, at path: String) throws(Problem) -> FirmwareAdvisory {
        guard item.objectValue != nil else { throw Problem(location: path, reason: "expected an object, found \(item.typeName)") }
        guard let id = item["id"]?.stringValue, !id.isEmpty else {
            throw Problem(location: JSONPath.child(path, "id"), reason: "required: the advisory's id")
        }
        let aliases = try strings(item["aliases"], at: JSONPath.child(path, "aliases"))
        guard let affectedList = item["affected"]?.arrayValue else {
            throw Problem(location: JSONPath.child(path, "affected"), reason: "required: a list of affected packages")
        }
        var affected: [FirmwareAdvisory.Affected] = []
        for (index, entry) in affectedList.enumerated() {
            let entryPath = JSONPath.element(JSONPath.child(path, "affected"), index)
            if let parsed = try self.affected(entry, at: entryPath) { affected.append(parsed) }
        }
        return FirmwareAdvisory(id: id, aliases: aliases, affected: affected)
    }

    /// One `affected[]` entry, or nil when it is about another ecosystem.
    private static func affected(_ entry: JSONValue, at path: String) throws(Problem) -> FirmwareAdvisory.Affected? {
        let packagePath = JSONPath.child(path, "package")
        guard let package = entry["package"], package.objectValue != nil else {
            throw Problem(location: packagePath, reason: "required: {ecosystem: fwupd, name: <device GUID>}")
        }
        guard package["ecosystem"]?.stringValue == "fwupd" else { return nil }
        guard let guid = package["name"]?.stringValue, !guid.isEmpty else {
            throw Problem(location: JSONPath.child(packagePath, "name"), reason: "required: the device GUID")
        }
        var format: FwupdVersionFormat?
        if let value = entry["database_specific"]?["version_format"] {
            let formatPath = JSONPath.child(JSONPath.child(path, "database_specific"), "version_format")
            guard let name = value.stringValue, let known = FwupdVersionFormat(rawValue: name) else {
                throw Problem(
                    location: formatPath, reason: "'\(value.stringValue ?? value.typeName)' is not a fwupd VersionFormat (use \(FwupdVersionFormat.names))")
            }
            format = known
        }
        var ranges: [[FirmwareAdvisory.RangeEvent]] = []
        for (index, range) in (entry["ranges"]?.arrayValue ?? []).enumerated() {
            ranges.append(try events(of: range, at: JSONPath.element(JSONPath.child(path, "ranges"), index)))
        }
        let versions = try strings(entry["versions"], at: JSONPath.child(path, "versions"))
        if ranges.isEmpty && versions.isEmpty {
            throw Problem(location: path, reason: "names neither ranges nor versions, so it affects nothing")
        }
        return FirmwareAdvisory.Affected(guid: guid.lowercased(), format: format, ranges: ranges, versions: versions)
    }

    private static func events(of range: JSONValue, at path: String) throws(Problem) -> [FirmwareAdvisory.RangeEvent] {
        let type = range["type"]?.stringValue ?? ""
        guard type == "ECOSYSTEM" else {
            throw Problem(
                location: JSONPath.child(path, "type"),
                reason: "range type '\(type)' is not supported (use ECOSYSTEM: fwupd versions are neither SemVer nor git)")
        }
        guard let list = range["events"]?.arrayValue, !list.isEmpty else {
            throw Problem(location: JSONPath.child(path, "events"), reason: "required: a non-empty list of events")
        }
        var events: [FirmwareAdvisory.RangeEvent] = []
        for (index, event) in list.enumerated() {
            let eventPath = JSONPath.element(JSONPath.child(path, "events"), index)
            if let v = event["introduced"]?.stringValue {
                events.append(.introduced(v))
            } else if let v = event["fixed"]?.stringValue {
                events.append(.fixed(v))
            } else if let v = event["last_affected"]?.stringValue {
                events.append(.lastAffected(v))
            } else {
                throw Problem(location: eventPath, reason: "expected one of introduced, fixed, last_affected with a version string")
            }
        }
        guard events.contains(where: { if case .introduced = $0 { true } else { false } }) else {
            throw Problem(location: JSONPath.child(path, "events"), reason: "no 'introduced' event (use \"0\" for all earlier versions)")
        }
        return events
    }

    private static func strings(_ value: JSONValue?, at path: String) throws(Problem) -> [String] {
        guard let value, !value.isNull else { return [] }
        guard let list = value.arrayValue else { throw Problem(location: path, reason: "expected a list of strings, found \(value.typeName)") }
        var result: [String] = []
        for (index, element) in list.enumerated() {
            guard let text = element.stringValue else {
                throw Problem(location: JSONPath.element(path, index), reason: "expected a string, found \(element.typeName)")
            }
            result.append(text)
        }
        return result
    }
}
