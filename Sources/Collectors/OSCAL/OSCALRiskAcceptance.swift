import EvidenceModel
import Foundation

/// One POA&M risk with status `deviation-approved`, as a risk acceptance.
enum OSCALRiskAcceptance {
    /// The approval-status value that makes an OSCAL risk an accepted deviation.
    static let approved = "deviation-approved"

    /// The acceptance, or nil when the risk is not an approved deviation.
    static func read(
        _ risk: JSONValue, at path: String, context: OSCALPoamContext, in input: CollectorInput
    )
        throws(CollectionFailure) -> RiskAcceptanceEvidence?
    {
        guard risk.objectValue != nil else { throw input.failure(at: path, "expected object, found \(risk.typeName)") }
        guard let status = risk["status"]?.stringValue else {
            throw input.failure(at: JSONPath.child(path, "status"), "required: the risk's status (a string)")
        }
        guard status == approved else { return nil }
        guard let uuid = risk["uuid"]?.stringValue, !uuid.isEmpty else {
            throw input.failure(at: JSONPath.child(path, "uuid"), "required: the risk's uuid")
        }
        if let problem = Subject.problem(with: "risk:" + uuid) { throw input.failure(at: JSONPath.child(path, "uuid"), problem) }
        let deadline = try date(risk["deadline"], at: JSONPath.child(path, "deadline"), in: input)
        let approvals = try self.approvals(risk, at: path, context: context, in: input)

        // Each approval sets an expiry: its `end`, else when the next one started; the last one's
        // is the deadline in force (a moved deadline is how POA&Ms extend an accepted risk).
        func expiry(_ index: Int) -> Date? {
            if index == approvals.count - 1 { return deadline ?? approvals[index].end }
            return approvals[index].end ?? approvals[index + 1].start
        }
        var extensions: [RiskAcceptanceEvidence.Extension] = []
        for index in approvals.indices.dropFirst() {
            guard let until = expiry(index) else { continue }
            let item = approvals[index]
            if let problem = FutureExtension.problem(
                acceptance: uuid, number: extensions.count + 1, at: item.start, expiresAt: until,
                observedAt: input.observedAt, document: "POA&M")
            {
                throw input.failure(at: JSONPath.child(item.path, "start"), problem)
            }
            extensions.append(.init(at: item.start, expiresAt: until, by: item.by, reason: item.reason))
        }
        let props = (risk["props"]?.arrayValue ?? [])
        let control =
            props.first { $0["name"]?.stringValue == "control-id" }?["value"]?.stringValue
            ?? context.findingControls[uuid]?.first
        var subjects = props.filter { $0["name"]?.stringValue == "subject" }.compactMap { $0["value"]?.stringValue }
        for (index, subject) in subjects.enumerated() {
            if let problem = Subject.problem(with: subject) {
                throw input.failure(at: JSONPath.child(path, "props") + " (subject \(index))", problem)
            }
        }
        if subjects.isEmpty {
            let related = (risk["related-observations"]?.arrayValue ?? []).compactMap { $0["observation-uuid"]?.stringValue }
            subjects = related.flatMap { context.observationSubjects[$0] ?? [] }
        }
        return RiskAcceptanceEvidence(
            id: uuid, control: control, subjects: subjects, reason: risk["title"]?.stringValue, owner: nil,
            approvedBy: approvals.first?.by, acceptedAt: approvals.first?.start,
            expiresAt: approvals.isEmpty ? deadline : expiry(0), extensions: extensions)
    }

    struct Approval {
        /// The risk-log entry's JSON path.
        let path: String
        let start: Date
        let end: Date?
        let by: String?
        let reason: String?
    }

    /// `risk-log.entries[]` that changed the status to `deviation-approved`, oldest first.
    private static func approvals(
        _ risk: JSONValue, at path: String, context: OSCALPoamContext, in input: CollectorInput
    )
        throws(CollectionFailure) -> [Approval]
    {
        guard let log = risk["risk-log"] else { return [] }
        let entriesPath = JSONPath.child(JSONPath.child(path, "risk-log"), "entries")
        guard let entries = log["entries"]?.arrayValue else {
            throw input.failure(at: entriesPath, "required: risk-log holds a list of entries")
        }
        var approvals: [Approval] = []
        for (index, entry) in entries.enumerated() {
            let entryPath = JSONPath.element(entriesPath, index)
            guard let start = try date(entry["start"], at: JSONPath.child(entryPath, "start"), in: input) else {
                throw input.failure(at: JSONPath.child(entryPath, "start"), "required: when the entry was logged")
            }
            let end = try date(entry["end"], at: JSONPath.child(entryPath, "end"), in: input)
            if let end, end < start {
                throw input.failure(at: JSONPath.child(entryPath, "end"), "ends before it starts (\(Timestamp.format(start)))")
            }
            guard entry["status-change"]?.stringValue == approved else { continue }
            let by = (entry["logged-by"]?.arrayValue ?? []).compactMap { $0["party-uuid"]?.stringValue }
                .map { context.parties[$0] ?? $0 }.first
            approvals.append(
                Approval(
                    path: entryPath, start: start, end: end, by: by,
                    reason: entry["description"]?.stringValue ?? entry["title"]?.stringValue))
        }
        return approvals.sorted { $0.start < $1.start }
    }

    private static func date(_ value: JSONValue?, at path: String, in input: CollectorInput) throws(CollectionFailure) -> Date? {
        guard let value, !value.isNull else { return nil }
        // OSCAL date-times must carry a time zone; a bare date is not one.
        guard let text = value.stringValue, text.count > 10, let date = Timestamp.parse(text) else {
            throw input.failure(at: path, "'\(value.stringValue ?? value.typeName)' is not an OSCAL date-time with a time zone")
        }
        return date
    }
}
