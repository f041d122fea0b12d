import EvidenceModel
import Foundation

/// The run in OSCAL 1.1: the assessment results (`--format oscal`) and the plan of action and
/// milestones for its failures and risk acceptances (`--poam FILE`).
///
/// Every UUID is a version 5 UUID named after the content it identifies, so rendering the same run
/// twice gives the same bytes, and a subject keeps its UUID from one run to the next.
public enum OSCALReport {
    public static func assessmentResults(_ run: RunResult) -> String {
        PrettyJSON.string(OSCALAssessmentResults.document(run))
    }

    public static func poam(_ run: RunResult) -> String {
        PrettyJSON.string(OSCALPlanOfAction.document(run))
    }

    /// The documents as values, for callers that embed or check them.
    public static func assessmentResultsDocument(_ run: RunResult) -> JSONValue { OSCALAssessmentResults.document(run) }
    public static func poamDocument(_ run: RunResult) -> JSONValue { OSCALPlanOfAction.document(run) }

    /// The run's content as one name: its JSON report in canonical form, so documents of equal runs share UUIDs.
    static func contentName(_ run: RunResult) -> String {
        (try? CanonicalJSON.string(JSONReport.document(for: run))) ?? Timestamp.format(run.asOf)
    }

    /// Metadata of both documents; `last-modified` is the run's instant, never the wall clock.
    static func metadata(title: String, _ run: RunResult) -> JSONValue {
        OSCALNames.object([
            "title": .string(title),
            "last-modified": OSCALNames.time(run.asOf),
            "version": .string(String(JSONReport.version)),
            "oscal-version": .string(OSCALNames.oscalVersion),
            "props": .array(checkpointProps(run)),
        ])
    }

    /// The signed log head the run was computed against, so a reader can tie the document to the log.
    static func checkpointProps(_ run: RunResult) -> [JSONValue] {
        guard let checkpoint = run.checkpoint else { return [] }
        return [
            OSCALNames.prop("checkpoint-origin", checkpoint.origin),
            OSCALNames.prop("checkpoint-size", String(checkpoint.size)),
            OSCALNames.prop("checkpoint-root-hash", checkpoint.rootHash),
        ].compactMap { $0 }
    }

    static func summaryLine(_ run: RunResult) -> String {
        let counts = run.summary
        let parts = Status.worstFirst.compactMap { status in
            (counts[status] ?? 0) > 0 ? "\(counts[status] ?? 0) \(status.rawValue)" : nil
        }
        let noun = run.controls.count == 1 ? "control" : "controls"
        return "Vigil evaluated \(run.controls.count) \(noun) against the evidence observed by \(Timestamp.format(run.asOf))"
            + (parts.isEmpty ? "." : ": " + parts.joined(separator: ", ") + ".")
    }

    /// What `trestle validate` does not check (see DESIGN notes): every `…-uuid` reference resolves to a
    /// `uuid` defined in the same document, and no `uuid` is defined twice. Empty when the document is sound.
    public static func referenceProblems(in document: JSONValue) -> [String] {
        var defined: [String: Int] = [:]
        var references: [(path: String, uuid: String)] = []
        collect(document, path: "$", defined: &defined, references: &references)
        var problems = defined.filter { $0.value > 1 }.keys.sorted().map { "uuid \($0) is defined \(defined[$0] ?? 0) times" }
        for reference in references where defined[reference.uuid] == nil {
            problems.append("\(reference.path) refers to \(reference.uuid), which the document does not define")
        }
        return problems
    }

    private static func collect(
        _ value: JSONValue, path: String, defined: inout [String: Int], references: inout [(path: String, uuid: String)]
    ) {
        switch value {
        case .object(let members):
            for key in members.keys.sorted() {
                let member = members[key] ?? .null
                let memberPath = "\(path).\(key)"
                if key == "uuid", let uuid = member.stringValue {
                    defined[uuid, default: 0] += 1
                } else if key.hasSuffix("-uuid"), let uuid = member.stringValue {
                    references.append((memberPath, uuid))
                } else if key.hasSuffix("-uuids"), let uuids = member.arrayValue {
                    for (i, uuid) in uuids.enumerated() { if let uuid = uuid.stringValue { references.append(("\(memberPath)[\(i)]", uuid)) } }
                } else {
                    collect(member, path: memberPath, defined: &defined, references: &references)
                }
            }
        case .array(let items):
            for (i, item) in items.enumerated() { collect(item, path: "\(path)[\(i)]", defined: &defined, references: &references) }
        default:
            break
        }
    }
}
