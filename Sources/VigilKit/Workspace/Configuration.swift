import ControlEngine
import EvidenceModel
import Foundation
import Yams

/// One thing `vigil collect` reads when run without arguments: files matching a glob, or a command's output.
public struct SourceSpec: Sendable, Hashable {
    public enum Input: Sendable, Hashable {
        /// A glob relative to the configuration file's folder.
        case path(String)
        /// A shell command run on this host; its standard output is the input.
        case command(String)
    }

    public let collector: String
    public let input: Input
    public let subject: String?
    /// Pins the observation time (for declared inputs whose time is known); default: the collection time.
    public let observedAt: Date?
    /// How long a command may run; nil: ``InputLimits/commandTimeout``.
    public let timeout: TimeInterval?
    /// What its runs are logged as (`source:<name>`): `name:`, else its collector and path or command.
    public let name: String
    /// How often it must deliver (`every: 1d`); nil: its silence is not judged, only its failures.
    public let every: EvidenceDuration?

    public init(
        collector: String, input: Input, subject: String? = nil, observedAt: Date? = nil, timeout: TimeInterval? = nil,
        name: String? = nil, every: EvidenceDuration? = nil
    ) {
        self.collector = collector
        self.input = input
        self.subject = subject
        self.observedAt = observedAt
        self.timeout = timeout
        self.name = name ?? "\(collector) \(input.text)"
        self.every = every
    }
}

extension SourceSpec.Input {
    /// The path pattern or the command, as configured.
    public var text: String {
        switch self {
        case .path(let pattern): pattern
        case .command(let command): command
        }
    }
}

/// `vigil.yaml` (DESIGN §7): defaults for the workspace, controls, sources and policies.
public struct Configuration: Sendable {
    /// The folder relative paths are resolved against: the configuration file's own.
    public var baseDirectory: URL
    public var workspace: String = ".vigil"
    public var controls: String = "Controls"
    public var sources: [SourceSpec] = []
    public var acceptancePolicy = AcceptancePolicy()
    public var logOrigin: String?
    /// The git remote `vigil push`, `pull` and `sequence --push` use when none is named (`remote:`,
    /// a URL or a remote of the store's git config).
    public var remote: String?
    /// How far ahead of this host's clock a collected `observed_at` may be (`clock_skew`, default 5m).
    public var clockSkew: TimeInterval = 300
    /// What every check is handed: the perspective catalogue (`perspective_catalogue: FILE`, else built-in).
    public var checkContext = CheckContext()
    /// How much work any input may cause (`limits:`, see ``InputLimits``).
    public var limits = InputLimits()

    public init(baseDirectory: URL) { self.baseDirectory = baseDirectory }

    public func resolve(_ path: String) -> URL {
        path.hasPrefix("/") ? URL(fileURLWithPath: path) : baseDirectory.appendingPathComponent(path)
    }

    /// Reads `file`, or `vigil.yaml` in `directory` when it exists, or the built-in defaults.
    public static func load(file: URL?, directory: URL) throws(VigilError) -> Configuration {
        let url = file ?? directory.appendingPathComponent("vigil.yaml")
        guard FileManager.default.fileExists(atPath: url.path) else {
            if file != nil { throw .usage("configuration file \(url.path) does not exist") }
            return Configuration(baseDirectory: directory)
        }
        let data: Data
        switch BoundedFile.read(url, limit: InputLimits.standard.documentBytes) {
        case .success(let bytes): data = bytes
        case .failure(.tooLarge(let limit)):
            throw .input(file: url.path, reason: "file is over the limit of \(InputLimits.size(limit)) for vigil.yaml")
        case .failure(.unreadable(let problem)): throw .input(file: url.path, reason: problem.reason)
        }
        let text: String
        do { text = try UTF8Text.decode(data) } catch { throw .input(file: url.path, reason: error.description) }
        return try parse(text, file: url)
    }

    static func parse(_ text: String, file: URL) throws(VigilError) -> Configuration {
        let name = file.path
        var config = Configuration(baseDirectory: file.deletingLastPathComponent())
        let root: Node?
        // vigil.yaml is read within the standard limits: its own `limits:` apply to everything after it.
        do { root = try ConfigurationYAML.compose(text, limits: .standard) } catch { throw .input(file: name, reason: error.description) }
        guard let root else { return config }
        guard let mapping = root.mapping else { throw .input(file: name, reason: "line \(line(root)): expected a mapping") }
        let known = ["workspace", "controls", "sources", "acceptance_policy", "log", "perspective_catalogue", "limits", "clock_skew", "remote"]
        for (key, value) in mapping {
            guard let keyName = key.string else { continue }
            switch keyName {
            case "workspace": config.workspace = try string(value, "workspace", name)
            case "controls": config.controls = try string(value, "controls", name)
            case "sources":
                guard let list = value.sequence else {
                    throw .input(file: name, reason: "line \(line(value)): 'sources' must be a list")
                }
                config.sources = try list.enumerated().map { index, node throws(VigilError) in
                    try source(node, index: index, file: name)
                }
                try requireDistinctNames(config.sources, Array(list), file: name)
            case "acceptance_policy": config.acceptancePolicy = try policy(value, file: name)
            case "clock_skew":
                let text = try string(value, "clock_skew", name)
                guard let skew = EvidenceDuration(text) else {
                    throw .input(file: name, reason: "line \(line(value)): clock_skew: '\(text)' is not a duration (Nm, Nh)")
                }
                config.clockSkew = skew.seconds
            case "limits": config.limits = try limits(value, file: name)
            case "log": config.logOrigin = try logOrigin(value, file: name)
            case "remote": config.remote = try string(value, "remote", name)
            case "perspective_catalogue":
                let path = try string(value, "perspective_catalogue", name)
                config.checkContext.perspectives = try catalogue(config.resolve(path), named: path, line: line(value), file: name)
            default:
                throw .input(file: name, reason: "line \(line(key)): unknown key '\(keyName)' (known: \(known.joined(separator: ", ")))")
            }
        }
        config.checkContext.regexTextLength = config.limits.regexTextLength
        return config
    }

    private static func source(_ node: Node, index: Int, file: String) throws(VigilError) -> SourceSpec {
        let place = "sources[\(index)]"
        guard let map = node.mapping else { throw .input(file: file, reason: "line \(line(node)): \(place) must be a mapping") }
        let allowed: Set<String> = ["collector", "path", "command", "subject", "observed_at", "timeout", "name", "every"]
        for key in map.keys {
            if let k = key.string, !allowed.contains(k) {
                throw .input(file: file, reason: "line \(line(key)): \(place): unknown key '\(k)'")
            }
        }
        guard let collectorNode = map["collector"] else { throw .input(file: file, reason: "line \(line(node)): \(place): missing 'collector'") }
        let collector = try string(collectorNode, "\(place).collector", file)
        let input: SourceSpec.Input
        switch (map["path"], map["command"]) {
        case (let path?, nil): input = .path(try string(path, "\(place).path", file))
        case (nil, let command?): input = .command(try string(command, "\(place).command", file))
        default: throw .input(file: file, reason: "line \(line(node)): \(place): give exactly one of 'path' or 'command'")
        }
        var observedAt: Date?
        if let at = map["observed_at"] {
            let text = try string(at, "\(place).observed_at", file)
            guard let date = Timestamp.parse(text) else {
                throw .input(file: file, reason: "line \(line(at)): \(place).observed_at: '\(text)' is not an RFC 3339 timestamp")
            }
            observedAt = date
        }
        let timeout = try map["timeout"].map { t throws(VigilError) in try duration(t, "\(place).timeout", file) }
        let subject = try map["subject"].map { n throws(VigilError) in try string(n, "\(place).subject", file) }
        let given = try map["name"].map { n throws(VigilError) in try sourceName(n, "\(place).name", file) }
        let every = try map["every"].map { n throws(VigilError) in try cadence(n, "\(place).every", file) }
        return SourceSpec(
            collector: collector, input: input, subject: subject, observedAt: observedAt, timeout: timeout, name: given,
            every: every)
    }

    private static func cadence(_ node: Node, _ field: String, _ file: String) throws(VigilError) -> EvidenceDuration {
        let text = try string(node, field, file)
        guard let cadence = EvidenceDuration(text), cadence.seconds > 0 else {
            throw .input(file: file, reason: "line \(line(node)): \(field): '\(text)' is not a duration (1d, 12h, 1w)")
        }
        return cadence
    }

    /// A source's name: it becomes the subject `source:<name>`, so it must be one.
    private static func sourceName(_ node: Node, _ field: String, _ file: String) throws(VigilError) -> String {
        let text = try string(node, field, file)
        if let problem = Subject.problem(with: SourceRunEvidence.subject(named: text)) {
            throw .input(file: file, reason: "line \(line(node)): \(field): \(problem)")
        }
        return text
    }

    /// Two sources of one name would log their runs as one: refused, naming both.
    private static func requireDistinctNames(_ sources: [SourceSpec], _ nodes: [Node], file: String) throws(VigilError) {
        var first: [String: Int] = [:]
        for (index, source) in sources.enumerated() {
            if let earlier = first[source.name] {
                throw .input(
                    file: file,
                    reason: "line \(line(nodes[index])): sources[\(index)] has the name '\(source.name)' of sources[\(earlier)]; give one a 'name'")
            }
            first[source.name] = index
        }
    }

    /// A perspective catalogue file (``PerspectiveCatalogueFile``), relative to the configuration file.
    private static func catalogue(_ url: URL, named path: String, line: Int, file: String) throws(VigilError) -> PerspectiveCatalogue {
        let data: Data
        switch BoundedFile.read(url, limit: InputLimits.standard.documentBytes) {
        case .success(let bytes): data = bytes
        case .failure(.unreadable(let problem)):
            throw .input(file: file, reason: "line \(line): perspective_catalogue: cannot read '\(path)': \(problem)")
        case .failure(.tooLarge(let limit)):
            throw .input(file: url.path, reason: "file is over the limit of \(InputLimits.size(limit)) for a perspective catalogue")
        }
        let text: String
        do { text = try UTF8Text.decode(data) } catch { throw .input(file: url.path, reason: error.description) }
        do {
            return try PerspectiveCatalogueFile.parse(text, file: path)
        } catch {
            throw .input(file: url.path, reason: "\(error.location): \(error.reason)")
        }
    }

    /// `log: {origin: …}`: the origin line of the log's checkpoints, if given.
    private static func logOrigin(_ node: Node, file: String) throws(VigilError) -> String? {
        guard let map = node.mapping else { throw .input(file: file, reason: "line \(line(node)): log must be a mapping (log: {origin: …})") }
        for key in map.keys where key.string != "origin" {
            throw .input(file: file, reason: "line \(line(key)): log: unknown key '\(key.string ?? "")' (known: origin)")
        }
        return try map["origin"].map { origin throws(VigilError) in try string(origin, "log.origin", file) }
    }

    private static func policy(_ node: Node, file: String) throws(VigilError) -> AcceptancePolicy {
        var maxExtensions = AcceptancePolicy().maxExtensions
        var maxTotal = AcceptancePolicy().maxTotal
        guard let map = node.mapping else { throw .input(file: file, reason: "line \(line(node)): acceptance_policy must be a mapping") }
        for (key, value) in map {
            switch key.string {
            case "max_extensions":
                guard let n = value.int, n >= 0 else {
                    throw .input(file: file, reason: "line \(line(value)): acceptance_policy.max_extensions must be a whole number")
                }
                maxExtensions = n
            case "max_total":
                let text = try string(value, "acceptance_policy.max_total", file)
                guard let d = EvidenceDuration(text) else {
                    throw .input(file: file, reason: "line \(line(value)): acceptance_policy.max_total: '\(text)' is not a duration")
                }
                maxTotal = d
            default:
                throw .input(file: file, reason: "line \(line(key)): acceptance_policy: unknown key '\(key.string ?? "")'")
            }
        }
        return AcceptancePolicy(maxExtensions: maxExtensions, maxTotal: maxTotal)
    }

    /// A positive duration (`30s`, `5m`, `1h`) in seconds.
    static func duration(_ node: Node, _ field: String, _ file: String) throws(VigilError) -> TimeInterval {
        let text = try string(node, field, file)
        guard let d = EvidenceDuration(text), d.seconds > 0 else {
            throw .input(file: file, reason: "line \(line(node)): \(field): '\(text)' is not a duration (30s, 5m, 1h)")
        }
        return d.seconds
    }

    static func string(_ node: Node, _ field: String, _ file: String) throws(VigilError) -> String {
        guard let s = node.scalar?.string else { throw .input(file: file, reason: "line \(line(node)): '\(field)' must be a string") }
        return s
    }

    static func line(_ node: Node) -> Int { node.mark?.line ?? 1 }
}
