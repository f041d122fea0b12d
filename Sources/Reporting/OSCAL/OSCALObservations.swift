import EvidenceModel
import Foundation

/// One OSCAL observation per subject result (and one per control that could not be evaluated or has
/// no evidence at all),
/// named the same way in the assessment results and the POA&M so both documents cite the same UUIDs.
struct OSCALObservations {
    struct Entry {
        let control: ControlResult
        /// Nil for the observation of a control's evaluation error or missing evidence.
        let result: SubjectResult?
        let uuid: String
        let json: JSONValue
    }

    let entries: [Entry]

    init(_ run: RunResult) {
        var names = OSCALNames()
        var entries: [Entry] = []
        for control in run.controls {
            if let reason = control.controlReason {
                let uuid = names.uuid("observation", Timestamp.format(run.asOf), control.id, control.status.rawValue, reason)
                entries.append(
                    Entry(
                        control: control, result: nil, uuid: uuid,
                        json: Self.controlObservation(control, reason: reason, uuid: uuid, at: run.asOf)))
            }
            for result in control.results {
                let uuid = names.uuid(
                    "observation", Timestamp.format(run.asOf), control.id, result.subject, result.status.rawValue,
                    result.reason, result.evidence.joined(separator: ","))
                entries.append(
                    Entry(
                        control: control, result: result, uuid: uuid,
                        json: Self.observation(control, result, uuid: uuid, at: run.asOf)))
            }
        }
        self.entries = entries
    }

    /// The observations of one control, in its results' order.
    func uuids(of control: ControlResult) -> [String] {
        entries.filter { $0.control.id == control.id }.map(\.uuid)
    }

    func uuid(of control: ControlResult, subject: String) -> String? {
        entries.first { $0.control.id == control.id && $0.result?.subject == subject }?.uuid
    }

    /// Every distinct subject, in first-seen order.
    var subjects: [String] {
        var seen: Set<String> = []
        return entries.compactMap(\.result?.subject).filter { seen.insert($0).inserted }
    }

    /// `collected` is when the judged evidence was observed (the run's instant when there is none);
    /// `expires` is that plus the control's freshness: after it the same subject would be `stale`.
    private static func observation(
        _ control: ControlResult, _ result: SubjectResult, uuid: String, at instant: Date
    )
        -> JSONValue
    {
        let collected = result.observedAt ?? instant
        let expires = result.observedAt.flatMap { observed in control.freshness.map { observed.addingTimeInterval($0.seconds) } }
        return OSCALNames.object([
            "uuid": .string(uuid),
            "title": .string("\(control.id) on \(result.subject): \(result.status.rawValue)"),
            "description": OSCALNames.text(result.reason, otherwise: "\(control.id) judged \(result.subject)"),
            "props": .array(
                [
                    OSCALNames.prop("control-id", control.id),
                    OSCALNames.prop("status", result.status.rawValue),
                    result.acceptance.flatMap { OSCALNames.prop("acceptance", $0) },
                    control.freshness.flatMap { OSCALNames.prop("freshness", $0.text) },
                ].compactMap { $0 }),
            "methods": ["TEST"],
            "types": ["control-objective"],
            "subjects": .array([
                .object([
                    "subject-uuid": .string(OSCALNames.subjectUUID(result.subject)),
                    "type": "inventory-item",
                    "title": OSCALNames.text(result.subject, otherwise: "unnamed subject"),
                ])
            ]),
            "relevant-evidence": .array(
                result.evidence.map { id in
                    .object(["description": .string("Vigil evidence record \(id)")])
                }),
            "collected": OSCALNames.time(collected),
            "expires": expires.map(OSCALNames.time),
        ])
    }

    /// "FW-01 could not be evaluated" or "FW-01 has no evidence": what a control without subject results says.
    static func controlTitle(_ control: ControlResult) -> String {
        control.error != nil ? "\(control.id) could not be evaluated" : "\(control.id) has no evidence"
    }

    private static func controlObservation(
        _ control: ControlResult, reason: String, uuid: String, at instant: Date
    )
        -> JSONValue
    {
        OSCALNames.object([
            "uuid": .string(uuid),
            "title": .string(controlTitle(control)),
            "description": OSCALNames.text(reason, otherwise: controlTitle(control)),
            "props": .array(
                [OSCALNames.prop("control-id", control.id), OSCALNames.prop("status", control.status.rawValue)]
                    .compactMap { $0 }),
            "methods": ["TEST"],
            "types": ["control-objective"],
            "collected": OSCALNames.time(instant),
        ])
    }

    /// The subjects as inventory items, so every observation's `subject-uuid` resolves in the document.
    static func inventoryItems(_ subjects: [String]) -> [JSONValue] {
        subjects.map { subject in
            OSCALNames.object([
                "uuid": .string(OSCALNames.subjectUUID(subject)),
                "description": OSCALNames.text(subject, otherwise: "unnamed subject"),
                "props": .array([OSCALNames.prop("subject", subject)].compactMap { $0 }),
            ])
        }
    }
}
