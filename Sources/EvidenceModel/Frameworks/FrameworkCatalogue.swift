import Foundation

/// The requirements of one framework that controls map to (`frameworks: {nis2: ["21.2(a)"]}`), with
/// their titles: shipped as data files under `Frameworks/`, so that coverage can name what nothing covers.
public struct FrameworkCatalogue: Sendable, Hashable {
    public struct Requirement: Sendable, Hashable {
        public let id: String
        public let title: String

        public init(id: String, title: String) {
            self.id = id
            self.title = title
        }
    }

    /// The key controls use under `frameworks:` (`nis2`, `iso27001-2022`).
    public let framework: String
    public let title: String
    public let requirements: [Requirement]

    public init(framework: String, title: String, requirements: [Requirement]) {
        self.framework = framework
        self.title = title
        self.requirements = requirements
    }

    public func knows(_ id: String) -> Bool { requirements.contains { $0.id == id } }
}

/// A framework's requirements, each with the controls that map to it and how they stand at an
/// instant; a requirement no control maps to is `uncovered`.
public struct FrameworkCoverage: Sendable, Hashable {
    public struct MappedControl: Sendable, Hashable {
        public let id: String
        public let title: String
        public let status: Status
    }

    public struct Row: Sendable, Hashable {
        public let requirement: FrameworkCatalogue.Requirement
        public let controls: [MappedControl]

        public var isCovered: Bool { !controls.isEmpty }

        /// The worst status of its controls; nil when uncovered.
        public var status: Status? {
            controls.map(\.status).max { $0.severityRank < $1.severityRank }
        }
    }

    public let catalogue: FrameworkCatalogue
    public let rows: [Row]
    /// Identifiers controls map to that the catalogue does not know, with the controls naming them.
    public let unknown: [(id: String, controls: [String])]

    public init(catalogue: FrameworkCatalogue, controls: [ControlResult]) {
        self.catalogue = catalogue
        var byRequirement: [String: [MappedControl]] = [:]
        for control in controls {
            for id in control.frameworks[catalogue.framework] ?? [] {
                byRequirement[id, default: []].append(MappedControl(id: control.id, title: control.title, status: control.status))
            }
        }
        rows = catalogue.requirements.map { Row(requirement: $0, controls: byRequirement[$0.id] ?? []) }
        unknown = byRequirement.keys.filter { !catalogue.knows($0) }.sorted().map { id in
            (id, (byRequirement[id] ?? []).map(\.id))
        }
    }

    public var uncovered: [Row] { rows.filter { !$0.isCovered } }

    public static func == (a: Self, b: Self) -> Bool {
        a.catalogue == b.catalogue && a.rows == b.rows && a.unknown.map(\.id) == b.unknown.map(\.id)
            && a.unknown.map(\.controls) == b.unknown.map(\.controls)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(catalogue)
        hasher.combine(rows)
    }
}
