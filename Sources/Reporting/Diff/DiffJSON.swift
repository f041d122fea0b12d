import EvidenceModel

/// The diff as JSON (`vigil_diff: 1`): its keys are a contract, as the report's are.
enum DiffJSON {
    static let version = 1

    static func document(for diff: RunDiff) -> JSONValue {
        [
            "vigil_diff": .number(Double(version)),
            "from": endpoint(diff.from),
            "to": endpoint(diff.to),
            "regressions": .number(Double(diff.regressions)),
            "results": .array(diff.resultsWorstFirst.map(result)),
            "scope_gaps": [
                "opened": .array(diff.gapsOpened.map(JSONReport.scopeGap)),
                "closed": .array(diff.gapsClosed.map(JSONReport.scopeGap)),
            ],
            "risk_acceptances": .array(diff.acceptances.map(acceptance)),
            "evidence_added": .object(diff.evidenceAdded.mapValues { .number(Double($0)) }),
            "evidence_counted": .string(diff.evidenceCounted.rawValue),
        ]
    }

    private static func endpoint(_ e: RunDiff.Endpoint) -> JSONValue {
        ["at": .string(Timestamp.format(e.instant)), "checkpoint": e.checkpoint.map(JSONReport.checkpoint) ?? .null]
    }

    private static func result(_ c: RunDiff.ResultChange) -> JSONValue {
        [
            "control": .string(c.control),
            "title": .string(c.title),
            "subject": c.subject.map(JSONValue.string) ?? .null,
            "change": .string(c.direction.rawValue),
            "from": c.from.map(outcome) ?? .null,
            "to": c.to.map(outcome) ?? .null,
        ]
    }

    private static func outcome(_ o: RunDiff.Outcome) -> JSONValue {
        ["status": .string(o.status.rawValue), "reason": .string(o.reason)]
    }

    private static func acceptance(_ a: RunDiff.AcceptanceChange) -> JSONValue {
        [
            "id": .string(a.id),
            "control": .string(a.control),
            "change": .string(a.change.rawValue),
            "detail": .string(a.detail),
            "regression": .bool(a.isRegression),
        ]
    }
}
