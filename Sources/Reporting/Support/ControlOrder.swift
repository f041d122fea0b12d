import EvidenceModel

extension ControlResult {
    /// Worst status first, then by id: what needs attention leads every report.
    static func worstFirst(_ controls: [ControlResult]) -> [ControlResult] {
        controls.sorted { a, b in a.status == b.status ? a.id < b.id : Status.isWorse(a.status, than: b.status) }
    }

    /// The subjects worst first, keeping the engine's order among equals.
    var resultsWorstFirst: [SubjectResult] {
        results.enumerated()
            .sorted { a, b in
                a.element.status == b.element.status ? a.offset < b.offset : Status.isWorse(a.element.status, than: b.element.status)
            }
            .map(\.element)
    }

    /// The control family: the id up to its first `-` (`FW-02` → `FW`), or the whole id.
    var family: String {
        id.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? id
    }
}

/// One framework's coverage: how many of the controls that map to it are compliant.
struct FrameworkCompliance: Equatable {
    let framework: String
    /// Controls that pass, or whose failures are all accepted.
    let compliant: Int
    /// Controls mapped to the framework that apply (every status but `not_applicable`).
    let applicable: Int
    /// Requirement ids of the framework that a non-compliant control maps to.
    let failingRequirements: [String]

    static func of(_ controls: [ControlResult]) -> [FrameworkCompliance] {
        let names = Set(controls.flatMap(\.frameworks.keys)).sorted()
        return names.map { name in
            let mapped = controls.filter { $0.frameworks[name] != nil && $0.status != .notApplicable }
            let compliant = mapped.filter { $0.status == .pass || $0.status == .accepted }
            let failing = mapped.filter { $0.status != .pass && $0.status != .accepted }
            var seen: Set<String> = []
            let requirements = failing.flatMap { $0.frameworks[name] ?? [] }.filter { seen.insert($0).inserted }
            return FrameworkCompliance(
                framework: name, compliant: compliant.count, applicable: mapped.count,
                failingRequirements: requirements)
        }
    }
}
