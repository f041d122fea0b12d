import EvidenceModel
import Foundation

/// A problem with one parameter of a control's `check:` mapping.
public struct CheckParameterProblem: Sendable, Hashable {
    /// The field, from the control's point of view (`check.max`, `check.all[1].gte`).
    public let field: String
    public let reason: String

    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }
}

/// The parameters of a `check:` mapping, read by a check's initializer.
///
/// Every read records what is wrong instead of stopping, so a control file's author sees all
/// problems at once; ``rejectUnread()`` then flags keys the check never asked for.
public struct CheckParameters: Sendable {
    public let values: [String: JSONValue]
    /// Bytes of the files parameters name, keyed by the path as written (see ``CheckSpec/resources``).
    public let resources: [String: Data]
    /// What the configuration supplies to every check (the perspective catalogue).
    public let context: CheckContext
    public private(set) var problems: [CheckParameterProblem] = []
    private var read: Set<String> = ["type"]

    public init(_ values: [String: JSONValue], resources: [String: Data] = [:], context: CheckContext = .standard) {
        self.values = values
        self.resources = resources
        self.context = context
    }

    /// A required path to a file (relative to the control file) and the bytes read from it.
    ///
    /// Only keys listed in the check type's ``ControlCheck/fileParameters`` are read by the loader.
    public mutating func file(_ key: String) -> (path: String, bytes: Data)? {
        guard let path = string(key) else { return nil }
        guard let bytes = resources[path] else {
            report(key, "cannot read '\(path)' (a path relative to the control file)")
            return nil
        }
        return (path, bytes)
    }

    /// Records a problem with `field` (relative to `check`, e.g. `all[2].equals`).
    public mutating func report(_ field: String, _ reason: String) {
        problems.append(CheckParameterProblem(field: "check." + field, reason: reason))
    }

    /// A required value of any type.
    public mutating func required(_ key: String) -> JSONValue? {
        read.insert(key)
        guard let value = values[key], !value.isNull else {
            report(key, "required but missing")
            return nil
        }
        return value
    }

    /// An optional value of any type.
    public mutating func optional(_ key: String) -> JSONValue? {
        read.insert(key)
        return values[key].flatMap { $0.isNull ? nil : $0 }
    }

    /// A required, non-empty string.
    public mutating func string(_ key: String) -> String? {
        guard let value = required(key) else { return nil }
        guard let text = value.stringValue, !text.isEmpty else {
            report(key, "expected a non-empty string, found \(value.typeName)")
            return nil
        }
        return text
    }

    /// A required duration (`90d`).
    public mutating func duration(_ key: String) -> EvidenceDuration? {
        guard let value = required(key) else { return nil }
        guard let text = value.stringValue, let duration = EvidenceDuration(text) else {
            report(key, DurationText.problem(value))
            return nil
        }
        return duration
    }

    /// Flags every key no read asked for, naming the ones the check takes.
    public mutating func rejectUnread(type: String) {
        for key in values.keys.sorted() where !read.contains(key) {
            let known = read.subtracting(["type"]).sorted()
            let takes = known.isEmpty ? "takes no parameters" : "takes " + known.joined(separator: ", ")
            report(key, "unknown parameter for check type '\(type)' (it \(takes))")
        }
    }
}

/// How to say that a value is not a duration, in one place for controls and checks.
enum DurationText {
    static func problem(_ value: JSONValue) -> String {
        let shown = value.stringValue ?? JSONText.of(value)
        return "'\(shown)' is not a duration (use Nd, Nh, Nm or Nw)"
    }
}
