import EvidenceModel
import Foundation
import Yams

/// Turns one YAML mapping of a control file into a ``Control``, collecting every problem.
struct ControlParser {
    static let knownKeys = [
        "id", "title", "description", "severity", "frameworks", "evidence", "scope", "freshness", "window", "origin",
        "check",
    ]
    static let requiredKeys = ["id", "title", "severity", "evidence", "check"]
    static let scopeKeys = ["kind", "type", "tags"]

    let file: String
    /// 1-based position in the file, naming a control that has no usable id (`#3`).
    let position: Int
    /// Reads files the check's parameters name; nil when the caller offers no files.
    let readFile: ControlLoader.FileReader?
    private(set) var issues: [ControlIssue] = []
    private var label: String

    init(file: String, position: Int, readFile: ControlLoader.FileReader? = nil) {
        self.file = file
        self.position = position
        self.readFile = readFile
        self.label = "#\(position)"
    }

    /// The control, or nil when any of its fields is wrong (``issues`` says which).
    mutating func parse(_ node: Node) -> Control? {
        guard case .mapping(let mapping) = node else {
            report(nil, "expected a mapping of control fields, found \(node.shapeName)")
            return nil
        }
        var fields: [String: Node] = [:]
        for (key, value) in mapping {
            guard let name = key.scalar?.string else {
                report(nil, "keys must be plain names, found \(key.shapeName)")
                continue
            }
            fields[name] = value.isNullScalar ? nil : value
        }
        if let id = fields["id"]?.scalar?.string, !id.isEmpty { label = UntrustedText.escaped(id) }
        for (key, _) in mapping {
            guard let name = key.scalar?.string, !Self.knownKeys.contains(name) else { continue }
            report(name, "unknown key (a control takes " + Self.knownKeys.joined(separator: ", ") + ")")
        }
        for key in Self.requiredKeys where fields[key] == nil { report(key, "required but missing") }

        let id = fields["id"].flatMap { text($0, "id") }
        if let id, let problem = UntrustedText.nameProblem(id, called: "id") { report("id", problem) }
        let title = fields["title"].flatMap { text($0, "title") }
        let description = fields["description"].flatMap { text($0, "description") } ?? ""
        let severity = fields["severity"].flatMap { readSeverity($0) }
        let frameworks = fields["frameworks"].flatMap { readFrameworks($0) } ?? [:]
        let evidence = fields["evidence"].flatMap { names($0, "evidence") }
        let scope = fields["scope"].flatMap { readScope($0) }
        let freshness = fields["freshness"].flatMap { duration($0, "freshness") }
        let window = fields["window"].flatMap { duration($0, "window") }
        let origin = fields["origin"].flatMap { readOrigin($0) }
        let check = fields["check"].flatMap { readCheck($0) }

        guard issues.isEmpty, let id, let title, let severity, let evidence,
            let check
        else { return nil }
        return Control(
            id: id, title: title, description: description, severity: severity, frameworks: frameworks,
            evidence: evidence, scope: scope, freshness: freshness, window: window, origin: origin, check: check,
            file: file)
    }

    private mutating func report(_ field: String?, _ reason: String) {
        issues.append(ControlIssue(file: file, control: label, field: field, reason: reason))
    }

    private mutating func text(_ node: Node, _ field: String) -> String? {
        guard let value = node.scalar?.string, !value.isEmpty else {
            report(field, "expected text, found \(node.shapeName)")
            return nil
        }
        return value
    }

    private mutating func readSeverity(_ node: Node) -> Severity? {
        guard let value = node.scalar?.string else {
            report("severity", "expected one of low, medium, high or critical, found \(node.shapeName)")
            return nil
        }
        guard let severity = Severity(rawValue: value) else {
            report("severity", "'\(value)' is not a severity (use low, medium, high or critical)")
            return nil
        }
        return severity
    }

    /// One name or a list of names (`evidence: key` or `evidence: [key, key.event]`).
    private mutating func names(_ node: Node, _ field: String) -> [String]? {
        let items: [Node]
        switch node {
        case .scalar: items = [node]
        case .sequence(let sequence): items = Array(sequence)
        default:
            report(field, "expected a name or a list of names, found \(node.shapeName)")
            return nil
        }
        let values = items.compactMap { $0.scalar?.string }.filter { !$0.isEmpty }
        guard values.count == items.count, !values.isEmpty else {
            report(field, "expected a non-empty list of names")
            return nil
        }
        return values
    }

    private mutating func readFrameworks(_ node: Node) -> [String: [String]]? {
        guard case .mapping(let mapping) = node else {
            report("frameworks", "expected a mapping of framework to requirement ids, found \(node.shapeName)")
            return nil
        }
        var result: [String: [String]] = [:]
        for (key, value) in mapping {
            let name = key.scalar?.string ?? ""
            if let ids = names(value, "frameworks.\(name)") { result[name] = ids }
        }
        return result
    }

    private mutating func duration(_ node: Node, _ field: String) -> EvidenceDuration? {
        guard let text = node.scalar?.string else {
            report(field, "expected a duration (Nd, Nh, Nm or Nw), found \(node.shapeName)")
            return nil
        }
        guard let duration = EvidenceDuration(text) else {
            report(field, DurationText.problem(.string(text)))
            return nil
        }
        return duration
    }

    private mutating func readOrigin(_ node: Node) -> EvidenceOrigin? {
        guard let text = node.scalar?.string else {
            report("origin", "expected observed or declared, found \(node.shapeName)")
            return nil
        }
        guard let origin = EvidenceOrigin(rawValue: text) else {
            report("origin", "'\(text)' is not an origin (use observed or declared)")
            return nil
        }
        return origin
    }

    private mutating func readScope(_ node: Node) -> ControlScope? {
        guard case .mapping(let mapping) = node else {
            report("scope", "expected a mapping like {kind: asset, type: host, tags: [prod]}, found \(node.shapeName)")
            return nil
        }
        var kind = EvidenceKind.asset
        var type: String?
        var tags: [String] = []
        var isValid = true
        for (key, value) in mapping {
            let name = key.scalar?.string ?? ""
            switch name {
            case "kind":
                kind = value.scalar?.string ?? ""
                if kind != EvidenceKind.asset {
                    report("scope.kind", "'\(kind)' is not a scope kind (use asset)")
                    isValid = false
                }
            case "type":
                type = text(value, "scope.type")
                isValid = isValid && type != nil
            case "tags":
                if let list = names(value, "scope.tags") { tags = list } else { isValid = false }
            default:
                report("scope.\(name)", "unknown key (scope takes " + Self.scopeKeys.joined(separator: ", ") + ")")
                isValid = false
            }
        }
        return isValid ? ControlScope(kind: kind, type: type, tags: tags) : nil
    }

    private mutating func readCheck(_ node: Node) -> CheckSpec? {
        guard case .mapping(let mapping) = node else {
            report("check", "expected a mapping with a 'type', found \(node.shapeName)")
            return nil
        }
        guard let type = mapping["type"]?.scalar?.string, !type.isEmpty else {
            report(
                "check.type",
                "required but missing (supported: " + CheckCatalog.supportedTypes.joined(separator: ", ")
                    + ")")
            return nil
        }
        var parameters = node.jsonValue.objectValue ?? [:]
        parameters["type"] = nil
        var resources: [String: Data] = [:]
        for key in CheckCatalog.fileParameters(of: type) {
            guard let path = parameters[key]?.stringValue, !path.isEmpty else { continue }
            switch readFile?(path, file) {
            case .success(let bytes): resources[path] = bytes
            case .failure(let unreadable):
                report("check." + key, "cannot read '\(path)' (a path relative to the control file): \(unreadable.reason)")
                return nil
            case nil: break
            }
        }
        let spec = CheckSpec(type: type, parameters: parameters, resources: resources)
        let problems = CheckCatalog.makeCheck(spec).problems
        for problem in problems { report(problem.field, problem.reason) }
        return problems.isEmpty ? spec : nil
    }
}
