import EvidenceModel

/// The machine-readable report, exactly the shape of DESIGN §8. Its keys are a contract: add, never rename.
public enum JSONReport {
    /// The value of the top-level `vigil_report` key; bumped only if a key changes meaning.
    public static let version = 1

    public static func render(_ r: RunResult) -> String {
        PrettyJSON.string(document(for: r))
    }

    /// The report's UTF-8 bytes, exactly those of ``render(_:)``.
    public static func bytes(_ r: RunResult) -> [UInt8] {
        PrettyJSON.bytes(document(for: r))
    }

    /// The report as a value, for callers that embed or post-process it.
    public static func document(for r: RunResult) -> JSONValue {
        .object([
            "vigil_report": .number(Double(version)),
            "as_of": .string(Timestamp.format(r.asOf)),
            "known_at": r.knownAt.map { .string(Timestamp.format($0)) } ?? .null,
            "checkpoint": r.checkpoint.map(checkpoint) ?? .null,
            "summary": summary(r.summary),
            "controls": .array(r.controls.map(control)),
            "scope_gaps": .array(r.scopeGaps.map(scopeGap)),
            "risk_acceptances": .array(r.acceptances.map(acceptance)),
        ])
    }

    private static func checkpoint(_ c: CheckpointSummary) -> JSONValue {
        ["origin": .string(c.origin), "size": .number(Double(c.size)), "root_hash": .string(c.rootHash)]
    }

    private static func summary(_ counts: [Status: Int]) -> JSONValue {
        // Every status is a key, zero or not, so consumers never have to default a missing one.
        .object(Dictionary(uniqueKeysWithValues: Status.allCases.map { ($0.rawValue, .number(Double(counts[$0] ?? 0))) }))
    }

    private static func control(_ c: ControlResult) -> JSONValue {
        var members: [String: JSONValue] = [
            "id": .string(c.id),
            "title": .string(c.title),
            "severity": .string(c.severity.rawValue),
            "status": .string(c.status.rawValue),
            "frameworks": .object(c.frameworks.mapValues { .array($0.map(JSONValue.string)) }),
            "results": .array(c.results.map(subjectResult)),
        ]
        if let error = c.error { members["error"] = .string(error) }
        if let reason = c.missingReason { members["reason"] = .string(reason) }
        return .object(members)
    }

    private static func subjectResult(_ s: SubjectResult) -> JSONValue {
        [
            "subject": .string(s.subject),
            "status": .string(s.status.rawValue),
            "reason": .string(s.reason),
            "evidence": .array(s.evidence.map(JSONValue.string)),
            "acceptance": s.acceptance.map(JSONValue.string) ?? .null,
            "late": .array(s.late.map(JSONValue.string)),
        ]
    }

    private static func scopeGap(_ g: ScopeGap) -> JSONValue {
        [
            "subject": .string(g.subject),
            "gap": .string(g.gap.rawValue),
            "control": g.control.map(JSONValue.string) ?? .null,
            "reason": .string(g.reason),
            "flagged": .bool(g.isFlagged),
        ]
    }

    private static func acceptance(_ a: AcceptanceReview) -> JSONValue {
        [
            "id": .string(a.id),
            "control": .string(a.control),
            "status": .string(a.statusName),
            "reasons": .array(a.reasons.map { .string($0.rawValue) }),
            "extensions": .number(Double(a.extensions)),
            "expires_at": a.expiresAt.map { .string(Timestamp.format($0)) } ?? .null,
            "subjects": .array(a.subjects.map(JSONValue.string)),
            "detail": .string(a.detail),
            "withdrawn_at": a.withdrawnAt.map { .string(Timestamp.format($0)) } ?? .null,
        ]
    }
}
