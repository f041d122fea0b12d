import EvidenceModel
import Foundation

/// One machine-checked requirement, as a control file declares it (DESIGN §5).
///
/// A control names the evidence kinds it judges, the check that judges them, and optionally the
/// population that must have evidence (`scope`), how old evidence may be (`freshness`) and how far
/// back events count (`window`).
public struct Control: Sendable, Hashable {
    public let id: String
    public let title: String
    public let description: String
    public let severity: Severity
    /// Framework name → requirement ids (`soc2: [CC6.1]`).
    public let frameworks: [String: [String]]
    /// The evidence kinds the check judges.
    public let evidence: [String]
    /// The subjects that must have evidence; without it, every subject that has evidence.
    public let scope: ControlScope?
    /// Newest evidence older than this at the instant is `stale`.
    public let freshness: EvidenceDuration?
    /// How far back events count; ``eventWindow`` applies the 90-day default.
    public let window: EvidenceDuration?
    /// `observed` ignores declared evidence.
    public let origin: EvidenceOrigin?
    public let check: CheckSpec
    /// The control file it was loaded from, for messages.
    public let file: String

    public init(
        id: String, title: String, description: String = "", severity: Severity, frameworks: [String: [String]] = [:],
        evidence: [String], scope: ControlScope? = nil, freshness: EvidenceDuration? = nil,
        window: EvidenceDuration? = nil, origin: EvidenceOrigin? = nil, check: CheckSpec, file: String = ""
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.severity = severity
        self.frameworks = frameworks
        self.evidence = evidence
        self.scope = scope
        self.freshness = freshness
        self.window = window
        self.origin = origin
        self.check = check
        self.file = file
    }

    /// The span events are judged over: `window`, or 90 days.
    public var eventWindow: EvidenceDuration { window ?? Self.defaultWindow }

    public static let defaultWindow = EvidenceDuration(days: 90)
}

/// The population a control must cover: assets of the inventory, by type and tags.
public struct ControlScope: Sendable, Hashable {
    /// Where the population comes from; `asset` is the only kind so far.
    public let kind: String
    /// The asset `type` to match, or any type.
    public let type: String?
    /// Tags an asset must all carry.
    public let tags: [String]

    public init(kind: String = EvidenceKind.asset, type: String? = nil, tags: [String] = []) {
        self.kind = kind
        self.type = type
        self.tags = tags
    }
}

/// A control's `check:` mapping: its type and the parameters the check reads.
///
/// Kept as data so a ``Control`` stays a plain value; ``CheckCatalog`` turns it into a ``ControlCheck``.
public struct CheckSpec: Sendable, Hashable {
    public let type: String
    /// Every key of the mapping except `type`, as JSON values.
    public let parameters: [String: JSONValue]
    /// The bytes of files the parameters name (e.g. `advisories`), keyed by the path as written.
    ///
    /// This module reads no files: the IO shell reads them relative to the control file and hands
    /// them over when loading (``ControlLoader/FileReader``), so a check judges exactly those bytes.
    public let resources: [String: Data]

    public init(type: String, parameters: [String: JSONValue] = [:], resources: [String: Data] = [:]) {
        self.type = type
        self.parameters = parameters
        self.resources = resources
    }
}
