import Foundation
import Yams

/// Why a perspective catalogue file was rejected: the entry and field, and the reason.
public struct PerspectiveCatalogueError: Error, Sendable, Equatable, CustomStringConvertible {
    public let file: String
    /// `[3].latitude`, or `line 2` for syntax errors.
    public let location: String
    public let reason: String

    public var description: String { "\(file): \(location): \(reason)" }
}

/// Reads a replacement perspective catalogue: a YAML list of `{code, rir, latitude, longitude[, name]}`.
///
/// ```yaml
/// - {code: us-east-2, rir: ARIN, latitude: 39.9612, longitude: -82.9988, name: US East (Ohio)}
/// - {code: eu-central-1, rir: RIPE NCC, latitude: 50.1109, longitude: 8.6821}
/// ```
/// RIRs are read in any spelling ``RIR/init(spelling:)`` knows; codes are unique, case-insensitively.
public enum PerspectiveCatalogueFile {
    public static func parse(_ text: String, file: String) throws(PerspectiveCatalogueError) -> PerspectiveCatalogue {
        func failure(_ location: String, _ reason: String) -> PerspectiveCatalogueError {
            PerspectiveCatalogueError(file: file, location: location, reason: reason)
        }
        let root: Node?
        do { root = try ConfigurationYAML.compose(text, limits: .standard) } catch {
            throw failure(error.location ?? "YAML", error.reason)
        }
        guard let list = root?.sequence, !list.isEmpty else {
            throw failure("line 1", "expected a non-empty list of {code, rir, latitude, longitude[, name]}")
        }
        var perspectives: [NetworkPerspective] = []
        var seen: Set<String> = []
        for (index, node) in list.enumerated() {
            let place = "[\(index)]"
            guard let entry = node.mapping else { throw failure(place, "expected a mapping, found \(node.shapeName)") }
            for key in entry.keys {
                guard let name = key.string, ["code", "rir", "latitude", "longitude", "name"].contains(name) else {
                    throw failure(place, "unknown key '\(key.string ?? "?")' (known: code, rir, latitude, longitude, name)")
                }
            }
            func text(_ key: String) throws(PerspectiveCatalogueError) -> String {
                guard let value = entry[key]?.string, !value.isEmpty else { throw failure("\(place).\(key)", "required string") }
                return value
            }
            func degrees(_ key: String, limit: Double) throws(PerspectiveCatalogueError) -> Double {
                guard let value = entry[key]?.float ?? entry[key]?.int.map(Double.init), abs(value) <= limit else {
                    throw failure("\(place).\(key)", "expected degrees between -\(Int(limit)) and \(Int(limit))")
                }
                return value
            }
            let code = try text("code")
            guard seen.insert(code.lowercased()).inserted else { throw failure("\(place).code", "'\(code)' is listed twice") }
            let spelling = try text("rir")
            guard let rir = RIR(spelling: spelling) else {
                throw failure("\(place).rir", "'\(spelling)' is not an RIR (ARIN, RIPE NCC, APNIC, LACNIC, AFRINIC)")
            }
            perspectives.append(
                NetworkPerspective(
                    code: code, rir: rir, latitude: try degrees("latitude", limit: 90),
                    longitude: try degrees("longitude", limit: 180), name: entry["name"]?.string))
        }
        return PerspectiveCatalogue(perspectives, origin: file)
    }
}
