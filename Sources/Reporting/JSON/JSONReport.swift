import EvidenceModel

/// The machine-readable report, exactly the shape of DESIGN §8. Its keys are a contract: add, never rename.
public enum JSONReport {
    /// The value of the top-level `vigil_report` key; bumped only if a key changes meaning.
    public static let version = 1

    public static func render(_ r: RunResult) -> String {
        String(decoding: bytes(r), as: UTF8.self)
    }

    /// The report's UTF-8 bytes, exactly those of ``render(_:)``.
    public static func bytes(_ r: RunResult) -> [UInt8] {
        var out: [UInt8] = []
        write(r, chunkSize: 1 << 20) { out += $0 }
        return out
    }

    /// Writes the report's bytes to `sink` a chunk of about `chunkSize` bytes at a time, as each
    /// control's results are printed: a report of a million results is never held whole.
    public static func write<Failure: Error>(
        _ r: RunResult, chunkSize: Int = 1 << 20, to sink: ([UInt8]) throws(Failure) -> Void
    ) throws(Failure) {
        try streamed(r).write(chunkSize: chunkSize, to: sink)
    }

    /// The report as a value, for callers that embed or post-process it.
    public static func document(for r: RunResult) -> JSONValue {
        streamed(r).materialized
    }

    private static func streamed(_ r: RunResult) -> StreamedJSON {
        var members: [String: StreamedJSON] = [
            "vigil_report": .value(.number(Double(version))),
            "as_of": .value(.string(Timestamp.format(r.asOf))),
            "known_at": .value(r.knownAt.map { .string(Timestamp.format($0)) } ?? .null),
            "checkpoint": .value(r.checkpoint.map(checkpoint) ?? .null),
            "summary": .value(summary(r.summary)),
            "controls": .array(count: r.controls.count) { control(r.controls[$0]) },
            "scope_gaps": .array(count: r.scopeGaps.count) { .value(scopeGap(r.scopeGaps[$0])) },
            "risk_acceptances": .array(count: r.acceptances.count) { .value(acceptance(r.acceptances[$0])) },
            "coverage": .value(coverage(r)),
        ]
        // `check --framework`: the controls by the framework's requirements.
        if let framework = r.framework { members["framework"] = .value(FrameworkReport.document(framework)) }
        return .object(members)
    }

    /// `{"sources": {"on_time", "failed", "silent", "not_run", "total"} | null, "results": {"evaluated", "expected"}}`.
    private static func coverage(_ r: RunResult) -> JSONValue {
        let (evaluated, expected) = r.resultsEvaluated
        let sources = r.sources.map { sources -> JSONValue in
            var counts = Dictionary(uniqueKeysWithValues: SourceCoverage.Standing.allCases.map { ($0.rawValue, JSONValue.number(Double(sources[$0]))) })
            counts["total"] = .number(Double(sources.total))
            return .object(counts)
        }
        return [
            "sources": sources ?? .null,
            "results": ["evaluated": .number(Double(evaluated)), "expected": .number(Double(expected))],
        ]
    }

    static func checkpoint(_ c: CheckpointSummary) -> JSONValue {
        ["origin": .string(c.origin), "size": .number(Double(c.size)), "root_hash": .string(c.rootHash)]
    }

    private static func summary(_ counts: [Status: Int]) -> JSONValue {
        // Every status is a key, zero or not, so consumers never have to default a missing one.
        .object(Dictionary(uniqueKeysWithValues: Status.allCases.map { ($0.rawValue, .number(Double(counts[$0] ?? 0))) }))
    }

    private static func control(_ c: ControlResult) -> StreamedJSON {
        var members: [String: StreamedJSON] = [
            "id": .value(.string(c.id)),
            "title": .value(.string(c.title)),
            "severity": .value(.string(c.severity.rawValue)),
            "status": .value(.string(c.status.rawValue)),
            "frameworks": .value(.object(c.frameworks.mapValues { .array($0.map(JSONValue.string)) })),
            "results": .written(
                count: c.results.count, value: { subjectResult(c.results[$0]) },
                write: { i, depth, out in write(c.results[i], depth: depth, into: &out) }),
        ]
        if let error = c.error { members["error"] = .value(.string(error)) }
        if let reason = c.missingReason { members["reason"] = .value(.string(reason)) }
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

    /// ``subjectResult(_:)`` as ``PrettyJSON`` prints it, its keys already in their order.
    private static func write(_ s: SubjectResult, depth: Int, into out: inout [UInt8]) {
        PrettyJSON.container(.object, count: 6, depth: depth, into: &out) { member, out in
            switch member {
            case 0:
                PrettyJSON.key("acceptance", into: &out)
                if let acceptance = s.acceptance { PrettyJSON.string(acceptance, into: &out) } else { out += Array("null".utf8) }
            case 1:
                PrettyJSON.key("evidence", into: &out)
                PrettyJSON.strings(s.evidence, depth: depth + 1, into: &out)
            case 2:
                PrettyJSON.key("late", into: &out)
                PrettyJSON.strings(s.late, depth: depth + 1, into: &out)
            case 3:
                PrettyJSON.key("reason", into: &out)
                PrettyJSON.string(s.reason, into: &out)
            case 4:
                PrettyJSON.key("status", into: &out)
                PrettyJSON.string(s.status.rawValue, into: &out)
            default:
                PrettyJSON.key("subject", into: &out)
                PrettyJSON.string(s.subject, into: &out)
            }
        }
    }

    static func scopeGap(_ g: ScopeGap) -> JSONValue {
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
