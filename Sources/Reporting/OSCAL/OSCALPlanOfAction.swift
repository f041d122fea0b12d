import EvidenceModel
import Foundation

/// The run's open items as an OSCAL 1.1 plan of action and milestones (POA&M).
///
/// Two kinds of risk: one per subject that fails, is missing or stale evidence, or could not be
/// evaluated (`open`, nobody has accepted it); and one per risk acceptance of the register, whose
/// `deadline` is the expiry in force and whose `risk-log` retells it — accepted, then each extension,
/// then the lapse when the review found it stale, or its withdrawal from the register. Each risk gets
/// a POA&M item citing it.
enum OSCALPlanOfAction {
    static func document(_ run: RunResult) -> JSONValue {
        let observations = OSCALObservations(run)
        var names = OSCALNames()
        var risks: [(risk: JSONValue, uuid: String, title: String, observations: [String])] = []

        for entry in observations.entries where needsAction(entry) {
            let uuid = names.uuid("risk", entry.uuid)
            let subject = entry.result?.subject
            let title =
                subject.map { "\(entry.control.id) \(entry.result?.status.rawValue ?? "fails") on \($0)" }
                ?? OSCALObservations.controlTitle(entry.control)
            let statement = entry.result?.reason ?? entry.control.controlReason ?? ""
            risks.append(
                (
                    OSCALNames.object([
                        "uuid": .string(uuid),
                        "title": .string(title),
                        "description": OSCALNames.text(entry.control.title, otherwise: entry.control.id),
                        "statement": OSCALNames.text(statement, otherwise: title),
                        "props": .array(
                            [
                                OSCALNames.prop("control-id", entry.control.id),
                                OSCALNames.prop("severity", entry.control.severity.rawValue),
                            ].compactMap { $0 }),
                        "status": "open",
                        "related-observations": [["observation-uuid": .string(entry.uuid)]],
                    ]), uuid, title, [entry.uuid]
                ))
        }

        for review in run.acceptances {
            let cited = citedObservations(review, run: run, observations: observations)
            let uuid = names.uuid("acceptance", review.id, review.control)
            let title = "\(review.id): \(review.control) accepted on " + (review.subjects.isEmpty ? "no subjects" : review.subjects.joined(separator: ", "))
            risks.append(
                (
                    acceptanceRisk(review, uuid: uuid, title: title, observations: cited, names: &names, run: run),
                    uuid, title, cited
                ))
        }

        let usedObservations = Set(risks.flatMap(\.observations))
        let items: [JSONValue] = risks.map { risk in
            OSCALNames.object([
                "uuid": .string(names.uuid("poam-item", risk.uuid)),
                "title": .string(risk.title),
                "description": .string("Resolve or re-accept: \(risk.title)."),
                "related-observations": .array(risk.observations.map { .object(["observation-uuid": .string($0)]) }),
                "related-risks": [["risk-uuid": .string(risk.uuid)]],
            ])
        }
        let content = OSCALReport.contentName(run)
        return .object([
            "plan-of-action-and-milestones": OSCALNames.object([
                "uuid": .string(names.uuid("poam", content)),
                "metadata": OSCALReport.metadata(title: "Vigil plan of action and milestones as of \(Timestamp.format(run.asOf))", run),
                "system-id": .object([
                    "identifier-type": "https://ietf.org/rfc/rfc4122",
                    "id": .string(NameBasedUUID(namespace: .vigilNamespace, name: "system\u{1F}" + (run.checkpoint?.origin ?? "")).description),
                ]),
                "local-definitions": observedSubjects(observations, used: usedObservations).isEmpty
                    ? nil
                    : .object([
                        "inventory-items": .array(OSCALObservations.inventoryItems(observedSubjects(observations, used: usedObservations)))
                    ]),
                "observations": .array(observations.entries.filter { usedObservations.contains($0.uuid) }.map(\.json)),
                "risks": .array(risks.map(\.risk)),
                // OSCAL requires at least one item; a run with nothing open says exactly that.
                "poam-items": .array(
                    items.isEmpty
                        ? [
                            [
                                "uuid": .string(names.uuid("poam-item", "none", content)), "title": "No open items",
                                "description": "Every control passed and no risk acceptance is on the register.",
                            ]
                        ]
                        : items),
            ])
        ])
    }

    private static func needsAction(_ entry: OSCALObservations.Entry) -> Bool {
        guard let result = entry.result else { return true }  // the control's error or missing evidence
        return [.fail, .missing, .stale, .error].contains(result.status)
    }

    /// The observations of the acceptance's control on its subjects: the results it covers (or, stale, no longer covers).
    private static func citedObservations(_ review: AcceptanceReview, run: RunResult, observations: OSCALObservations) -> [String] {
        run.controls.filter { $0.id == review.control }.flatMap { control in
            review.subjects.compactMap { observations.uuid(of: control, subject: $0) }
        }
    }

    private static func observedSubjects(_ observations: OSCALObservations, used: Set<String>) -> [String] {
        var seen: Set<String> = []
        return observations.entries.filter { used.contains($0.uuid) }.compactMap(\.result?.subject).filter { seen.insert($0).inserted }
    }

    /// `deviation-approved` while active; `closed` once withdrawn (the results it covered are open
    /// risks of their own again); when stale, `deviation-requested` if only the approval is missing,
    /// `closed` if the control passes without it, else `open` again.
    static func riskStatus(_ review: AcceptanceReview) -> String {
        if review.isActive { return "deviation-approved" }
        if review.isWithdrawn { return "closed" }
        if review.reasons == [.noApprover] { return "deviation-requested" }
        if review.reasons == [.unneeded] { return "closed" }
        return "open"
    }

    private static func acceptanceRisk(
        _ review: AcceptanceReview, uuid: String, title: String, observations: [String], names: inout OSCALNames,
        run: RunResult
    ) -> JSONValue {
        let entries = riskLog(review, names: &names, run: run)
        return OSCALNames.object([
            "uuid": .string(uuid),
            "title": .string(title),
            "description": .string("Risk acceptance \(review.id) of the register for control \(review.control)."),
            "statement": OSCALNames.text(review.detail, otherwise: "accepted risk \(review.id)"),
            "props": .array(
                ([
                    OSCALNames.prop("acceptance-id", review.id),
                    OSCALNames.prop("control-id", review.control),
                    OSCALNames.prop("acceptance-status", review.statusName),
                    OSCALNames.prop("extensions", String(review.extensions)),
                ] + review.reasons.map { OSCALNames.prop("stale-reason", $0.rawValue) }).compactMap { $0 }),
            "status": .string(riskStatus(review)),
            "deadline": review.expiresAt.map(OSCALNames.time),
            "risk-log": entries.isEmpty ? nil : .object(["entries": .array(entries)]),
            "related-observations": .array(observations.map { .object(["observation-uuid": .string($0)]) }),
        ])
    }

    /// Accepted, each extension (moving the deadline), then the lapse when the review found it stale.
    /// An entry whose date the register lacks starts when the previous one did, and says so.
    private static func riskLog(_ review: AcceptanceReview, names: inout OSCALNames, run: RunResult) -> [JSONValue] {
        var entries: [JSONValue] = []
        var previousStart = review.acceptedAt
        if let accepted = review.acceptedAt {
            entries.append(
                OSCALNames.object([
                    "uuid": .string(names.uuid("risk-log", review.id, "accepted")),
                    "title": .string("Accepted"),
                    "description": .string(
                        "Accepted" + (review.approvedBy.map { " by \($0)" } ?? " without a recorded approver")
                            + (review.originalExpiresAt.map { " until \(Timestamp.format($0))" } ?? "") + "."),
                    "start": OSCALNames.time(accepted),
                    "end": review.originalExpiresAt.map(OSCALNames.time),
                    "status-change": "deviation-approved",
                ]))
        }
        for (number, item) in review.extensionHistory.enumerated() {
            guard let start = item.at ?? previousStart else { continue }
            previousStart = start
            let approver = item.approvedBy.map { " by \($0)" } ?? " without a recorded approver"
            entries.append(
                OSCALNames.object([
                    "uuid": .string(names.uuid("risk-log", review.id, "extension", String(number + 1))),
                    "title": .string("Extension \(number + 1)"),
                    "description": .string("Extended\(approver)" + (item.expiresAt.map { " until \(Timestamp.format($0))" } ?? "") + "."),
                    "start": OSCALNames.time(start),
                    "end": item.expiresAt.map(OSCALNames.time),
                    "status-change": "deviation-approved",
                    "remarks": item.at == nil ? "The register gives no date for this extension." : nil,
                ]))
        }
        if let withdrawnAt = review.withdrawnAt {
            entries.append(
                OSCALNames.object([
                    "uuid": .string(names.uuid("risk-log", review.id, "withdrawn", Timestamp.format(withdrawnAt))),
                    "title": "Withdrawn",
                    "description": OSCALNames.text(review.detail, otherwise: "withdrawn"),
                    "start": OSCALNames.time(withdrawnAt),
                    "status-change": .string(riskStatus(review)),
                ]))
        } else if !review.isActive {
            entries.append(
                OSCALNames.object([
                    "uuid": .string(names.uuid("risk-log", review.id, "review", Timestamp.format(run.asOf))),
                    "title": .string("Review: stale (" + review.reasons.map(\.rawValue).joined(separator: ", ") + ")"),
                    "description": OSCALNames.text(review.detail, otherwise: "stale"),
                    "start": OSCALNames.time(run.asOf),
                    "status-change": .string(riskStatus(review)),
                ]))
        }
        return entries
    }
}
