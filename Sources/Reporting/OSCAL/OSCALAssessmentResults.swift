import EvidenceModel
import Foundation

/// The run as an OSCAL 1.1 assessment-results document: one result whose observations are the
/// subject verdicts and whose findings are the controls, each citing its observations.
///
/// The assessment plan is not something Vigil writes, so `import-ap` is the placeholder `#`.
enum OSCALAssessmentResults {
    static func document(_ run: RunResult) -> JSONValue {
        let observations = OSCALObservations(run)
        let content = OSCALReport.contentName(run)
        var names = OSCALNames()
        let result = OSCALNames.object([
            "uuid": .string(names.uuid("result", content)),
            "title": .string("Vigil check as of \(Timestamp.format(run.asOf))"),
            "description": .string(OSCALReport.summaryLine(run)),
            "start": OSCALNames.time(run.asOf),
            "end": OSCALNames.time(run.asOf),
            "props": .array(OSCALReport.checkpointProps(run)),
            "local-definitions": observations.subjects.isEmpty
                ? nil : .object(["inventory-items": .array(OSCALObservations.inventoryItems(observations.subjects))]),
            "reviewed-controls": reviewedControls(run),
            "observations": .array(observations.entries.map(\.json)),
            "findings": .array(run.controls.map { finding($0, observations: observations, names: &names, run: run) }),
        ])
        return .object([
            "assessment-results": .object([
                "uuid": .string(names.uuid("assessment-results", content)),
                "metadata": OSCALReport.metadata(title: "Vigil assessment results as of \(Timestamp.format(run.asOf))", run),
                "import-ap": .object(["href": "#"]),
                "results": .array([result]),
            ])
        ])
    }

    /// Every control evaluated, by id; OSCAL needs at least one selection, so a run without controls says so.
    private static func reviewedControls(_ run: RunResult) -> JSONValue {
        guard !run.controls.isEmpty else {
            return .object(["control-selections": [["description": "no controls were loaded", "include-all": [:]]]])
        }
        var seen: Set<String> = []
        let ids = run.controls.map { OSCALNames.token($0.id) }.filter { seen.insert($0).inserted }
        return .object([
            "description": .string("The controls of Vigil's controls folder, as loaded for this run."),
            "control-selections": .array([
                .object(["include-controls": .array(ids.map { .object(["control-id": .string($0)]) })])
            ]),
        ])
    }

    /// A control is `satisfied` when it passes or does not apply; anything else (accepted included:
    /// an accepted failure is still a failure, tracked in the POA&M) is `not-satisfied`.
    private static func finding(
        _ control: ControlResult, observations: OSCALObservations, names: inout OSCALNames, run: RunResult
    ) -> JSONValue {
        let status = control.status
        let satisfied = status == .pass || status == .notApplicable
        let frameworkProps = control.frameworks.keys.sorted().flatMap { framework in
            (control.frameworks[framework] ?? []).compactMap { OSCALNames.prop("framework-requirement", $0, class: framework) }
        }
        let description = control.error.map { "could not be evaluated: \($0)" } ?? control.missingReason ?? Self.tally(control)
        return OSCALNames.object([
            "uuid": .string(names.uuid("finding", Timestamp.format(run.asOf), control.id, status.rawValue)),
            "title": OSCALNames.text("\(control.id): \(control.title)", otherwise: control.id),
            "description": .string(description),
            "props": .array(
                [OSCALNames.prop("status", status.rawValue), OSCALNames.prop("severity", control.severity.rawValue)]
                    .compactMap { $0 } + frameworkProps),
            "target": .object([
                "type": "objective-id",
                "target-id": .string(OSCALNames.token(control.id)),
                "status": .object(["state": .string(satisfied ? "satisfied" : "not-satisfied")]),
            ]),
            "related-observations": .array(observations.uuids(of: control).map { .object(["observation-uuid": .string($0)]) }),
        ])
    }

    /// "3 subjects: 1 fail, 1 pass, 1 not_applicable".
    static func tally(_ control: ControlResult) -> String {
        guard !control.results.isEmpty else { return "no subjects" }
        let counts = Dictionary(grouping: control.results.statuses, by: { $0 }).mapValues(\.count)
        let parts = Status.worstFirst.compactMap { status in counts[status].map { "\($0) \(status.rawValue)" } }
        let noun = control.results.count == 1 ? "subject" : "subjects"
        return "\(control.results.count) \(noun): " + parts.joined(separator: ", ")
    }
}
