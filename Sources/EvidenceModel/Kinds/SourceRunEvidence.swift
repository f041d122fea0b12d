import Foundation

/// The `source.run` kind, the one model of its record's data: one run of a `vigil.yaml` source —
/// whether it delivered, what it covered, and why it failed. `vigil collect` writes one per source
/// and run; completeness (`source_failed`, `source_silent`) is judged from them, so it rests on the
/// signed log like every verdict.
public struct SourceRunEvidence: Sendable, Hashable {
    public enum Outcome: String, Sendable, Hashable {
        case ok, failed
    }

    /// The source's name in `vigil.yaml` (given, or derived from its collector and path or command).
    public let name: String
    public let collector: String
    /// Its path pattern or command, as configured.
    public let input: String
    /// Its cadence, when `vigil.yaml` gives one.
    public let every: EvidenceDuration?
    public let outcome: Outcome
    /// Why it failed: its rejected inputs, a line each (at most a few).
    public let reasons: [String]
    public let inputs: Int
    public let records: Int
    /// The kinds it wrote, and its subjects: up to ``sampleSize`` of them, and how many in all.
    public let kinds: [String]
    public let subjects: [String]
    public let subjectCount: Int
    /// Distinct subjects are counted up to this many (a log of a million lines covers as many):
    /// a run's `subject_count` at the limit means at least that many.
    public static let subjectCountLimit = 100_000
    /// For a good run right after a failed one: the failed run's record id. It makes the recovery
    /// a record of its own, logged after the failure, even when the run found what an earlier one did.
    public var recovers: String?

    public static let sampleSize = 10

    public init(
        name: String, collector: String, input: String, every: EvidenceDuration?, outcome: Outcome, reasons: [String],
        inputs: Int, records: Int, kinds: [String], subjects: [String], subjectCount: Int
    ) {
        self.name = name
        self.collector = collector
        self.input = input
        self.every = every
        self.outcome = outcome
        self.reasons = reasons
        self.inputs = inputs
        self.records = records
        self.kinds = kinds
        self.subjects = subjects
        self.subjectCount = subjectCount
    }

    public var subject: String { Self.subject(named: name) }

    /// The subject of a source's runs, `source:<name>`.
    public static func subject(named name: String) -> String { SubjectType.source.rawValue + ":" + name }

    public var data: [String: JSONValue] {
        var data: [String: JSONValue] = [
            "name": .string(name), "collector": .string(collector), "input": .string(input),
            "outcome": .string(outcome.rawValue), "reasons": .array(reasons.map(JSONValue.string)),
            "inputs": .number(Double(inputs)), "records": .number(Double(records)),
            "kinds": .array(kinds.map(JSONValue.string)), "subjects": .array(subjects.map(JSONValue.string)),
            "subject_count": .number(Double(subjectCount)),
        ]
        data["every"] = every.map { .string($0.text) }
        data["recovers"] = recovers.map(JSONValue.string)
        return data
    }

    /// Reads a `source.run` record back; a run whose outcome is unreadable counts as failed.
    /// - Throws: when the record is of another kind.
    public init(record: EvidenceRecord) throws(EvidenceRecord.DecodingFailure) {
        try KindField.require(record, is: EvidenceKind.sourceRun)
        let data = record.data
        name = KindField.text(data["name"]) ?? KindField.name(of: record.subject)
        collector = KindField.text(data["collector"]) ?? record.collector
        input = KindField.text(data["input"]) ?? ""
        every = KindField.text(data["every"]).flatMap(EvidenceDuration.init)
        outcome = KindField.text(data["outcome"]).flatMap(Outcome.init) ?? .failed
        reasons = (data["reasons"]?.arrayValue ?? []).compactMap(\.stringValue)
        inputs = KindField.integer(data["inputs"]) ?? 0
        records = KindField.integer(data["records"]) ?? 0
        kinds = (data["kinds"]?.arrayValue ?? []).compactMap(\.stringValue)
        subjects = (data["subjects"]?.arrayValue ?? []).compactMap(\.stringValue)
        subjectCount = KindField.integer(data["subject_count"]) ?? 0
        recovers = KindField.text(data["recovers"])
    }

    /// `firmware.device of host:web-01, host:web-02 and 3 more`, or what it is when it covered nothing.
    public var coverage: String {
        guard subjectCount > 0 else { return "\(collector) \(input) (nothing yet)" }
        let more = subjectCount - subjects.count
        // At the limit the count stopped, so it is a floor.
        let floor = subjectCount >= Self.subjectCountLimit ? "at least " : ""
        let names = subjects.joined(separator: ", ") + (more > 0 ? " and \(floor)\(more) more" : "")
        return "\(kinds.joined(separator: ", ")) of \(names)"
    }
}
