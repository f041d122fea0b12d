import ControlEngine
import EvidenceModel
import EvidenceStore
import Foundation
import MerkleLog

/// The terminal interface's questions answered from a real workspace: the store (checkpoints,
/// history), the index (records by id, by subject and kind) and the control engine (verdicts).
///
/// Opening reads only HEAD's checkpoint; the evaluation is asked for separately, after the first
/// frame. Per-result evidence and per-subject history are single indexed queries, never a scan.
public final class TUIQueries: EvidenceQuerying {
    public let pipeline: Pipeline
    public let instant: Date
    public let controlsDirectory: URL
    private let store: EvidenceStore
    private let index: EvidenceIndex
    /// Whether the index's seal held when it was opened: its audit then checks only the signed head.
    private let sealedWhenOpened: Bool

    /// Whether the index has passed its audit against the signed log (done once, before the
    /// first answer that reads it, so the first frame — the checkpoint alone — does not wait).
    private var isAudited = false

    /// Whether the instant was asked for (`--at`), so that a later session may ask for it again: only
    /// then is an evaluation kept in the index. One at the clock's now, to the bit, is never asked for
    /// by another session; kept in the index, it cost a million-record store's TUI a 34 MB write and
    /// the index hashed twice more, and pushed out entries of asked-for instants.
    public let instantIsPinned: Bool
    /// This session's last evaluation and its key, when the instant is not pinned.
    private var kept: (key: String, evaluation: WorkspaceEvaluation)?

    /// Opens the workspace (a folder that is not one is a usage error) and catches the index up.
    public init(pipeline: Pipeline, at instant: Date, pinned: Bool = true, controlsDirectory: URL) throws(VigilError) {
        self.pipeline = pipeline
        self.instant = instant
        instantIsPinned = pinned
        self.controlsDirectory = controlsDirectory
        store = try pipeline.workspace.openStore()
        (index, sealedWhenOpened) = try pipeline.workspace.openIndexKeepingSeal(for: store)
    }

    /// The index, audited against the store's signed log on first use (exit 3 on disagreement).
    private func auditedIndex() throws(VigilError) -> EvidenceIndex {
        if !isAudited {
            try pipeline.workspace.completeAudit(of: index, sealedWhenOpened: sealedWhenOpened, against: store)
            isAudited = true
        }
        return index
    }

    public func overview() throws -> WorkspaceOverview {
        let head = try store.head()
        let checkpoint = try store.checkpoint(at: head).flatMap { try? Checkpoint($0) }
        return WorkspaceOverview(
            workspace: ControlLibrary.displayPath(pipeline.workspace.home), instant: instant,
            checkpointSize: checkpoint?.size, checkpointTime: head?.time, origin: checkpoint?.origin, now: pipeline.now)
    }

    /// Whether the last ``evaluation()`` came from a cache rather than the evaluator.
    public private(set) var lastEvaluationWasCached = false

    /// The evaluation at the instant: from the cache when everything it depends on is unchanged
    /// (``EvaluationCache``), else evaluated and cached: in the index when the instant is pinned,
    /// else for this session.
    public func evaluation() throws -> WorkspaceEvaluation {
        let files = EvaluationCache.controlFiles(in: controlsDirectory)
        let controls = try ControlLibrary.load(from: controlsDirectory, limits: pipeline.configuration.limits).requireValid()
        let index = try auditedIndex()
        let cache = EvaluationCache(index: index, secret: pipeline.workspace.keyRing.cacheSecret())
        var key: String?
        let head = try index.indexedHead()
        if let head, let files, let program = EvaluationCache.program {
            key = EvaluationCache.key(
                head: head, instant: instant, controlFiles: files, controls: controls,
                configuration: pipeline.configuration, program: program)
        }
        if let key, let cached = instantIsPinned ? cache.lookup(key) : kept.flatMap({ $0.key == key ? $0.evaluation : nil }) {
            lastEvaluationWasCached = true
            return cached
        }
        lastEvaluationWasCached = false
        let evaluation = try evaluate(controls)
        // A control file edited while it was read: the key may not describe what was evaluated.
        guard let key, let head, EvaluationCache.controlFiles(in: controlsDirectory) == files else { return evaluation }
        if !instantIsPinned {
            kept = (key, evaluation)
        } else {
            // Written into a sealed index, the entry broke the seal: the next check audited every row
            // again (12 s at a million records). Sealed before, it is sealed after.
            _ = try? pipeline.workspace.keepingSeal(of: index, anyWrite: true) { () throws(StoreError) in
                cache.store(evaluation, key: key, head: head)
            }
        }
        return evaluation
    }

    /// Subjects evaluated at a time (nil: every record at once, as for checks that cannot be sliced).
    var subjectsPerSlice: Int? = EvaluationEvidence.subjectsPerSlice

    func evaluate(_ controls: [Control]) throws -> WorkspaceEvaluation {
        let evaluator = Evaluator(
            controls: controls, policy: pipeline.configuration.acceptancePolicy,
            context: pipeline.configuration.checkContext)
        let checkpoint = try pipeline.checkpointSummary(store)
        // A slice of subjects at a time, as `vigil check` reads them; the summaries gathered as they pass.
        // Those read no slice record's data (the register's entries are shared records, read whole), so
        // slices are read with only the members the checks read, as `vigil check` reads them.
        var newest: [String: [String: Date]] = [:]
        var register: [String: RiskAcceptanceEvidence] = [:]
        let result: RunResult
        if let perSlice = subjectsPerSlice,
            let sliced = try EvaluationEvidence.evaluateSliced(
                evaluator, at: instant, in: index, checkpoint: checkpoint, subjectsPerSlice: perSlice,
                keepingData: evaluator.dataMembersByKind,
                seeing: { records in (Self.newestObservations(records), Self.registerEntries(records)) },
                absorb: { seen in
                    newest.merge(seen.0) { mine, theirs in mine.merging(theirs) { max($0, $1) } }
                    register.merge(seen.1) { first, _ in first }
                })
        {
            result = sliced.result.markingLate(loggedAt: sliced.loggedAt)
        } else {
            let records = try EvaluationEvidence.records(for: evaluator, at: instant, in: index)
            result = evaluator.evaluate(records: records, at: instant, checkpoint: checkpoint)
                .markingLate(loggedAt: Dictionary(records.compactMap { r in r.loggedAt.map { (r.id, $0) } }) { a, _ in a })
            newest = Self.newestObservations(records)
            register = Self.registerEntries(records)
        }
        var judged = result
        let sources = try SourceStanding.judge(pipeline.configuration.sources, at: instant, knownAt: nil, in: index, into: &judged)
        let summaries = zip(controls, result.controls).map { control, verdict in
            ControlSummary(
                result: verdict, description: control.description, checkType: control.check.type,
                parameters: control.check.parameters.sorted { $0.key < $1.key }
                    .map { ControlSummary.Parameter(name: $0.key, value: $0.value.compactText) },
                evidenceKinds: control.evidence, freshness: control.freshness?.text,
                newestObservation: Self.newest(of: control.evidence, for: verdict.results.map(\.subject), in: newest))
        }
        let timelines = result.acceptances.map { review in
            Self.timeline(review, entry: register[review.id], at: instant)
        }
        return WorkspaceEvaluation(
            controls: summaries, scopeGaps: judged.scopeGaps, acceptances: timelines,
            recordCount: try index.recordCount(observedAtOrBefore: instant), sources: sources)
    }

    public func records(ids: [String]) throws -> [IdentifiedRecord] {
        let index = try auditedIndex()
        var found: [IdentifiedRecord] = []
        for id in ids {
            if let record = try index.record(id: id) { found.append(IdentifiedRecord(record)) }
        }
        return found
    }

    public func decisionLog(subject: String) throws -> DecisionLog {
        try pipeline.decisionLog(subject: subject, RecordQuery(observedAtOrBefore: instant))
    }

    public func history(subject: String, kind: String) throws -> [EvidenceVersion] {
        EvidenceVersion.versions(
            of: try auditedIndex().records(matching: RecordQuery(subject: subject, kind: kind, observedAtOrBefore: instant)))
    }

    public func diff(since earlier: Date) throws -> RunDiff {
        // Judged as the TUI judges the instant: with every record logged so far.
        try pipeline.diff(
            from: .instant(min(earlier, instant)), to: .instant(instant), controlsDirectory: controlsDirectory, allLogged: true)
    }

    public func checkpoints(limit: Int) throws -> [CheckpointEntry] {
        var entries: [CheckpointEntry] = []
        for commit in try store.history().reversed().prefix(limit) {
            let note = try? store.checkpoint(at: commit)
            let checkpoint = note.flatMap { try? Checkpoint($0) }
            var signers: [String] = []
            for signature in note?.signatures ?? [] where !signers.contains(signature.name) { signers.append(signature.name) }
            entries.append(
                CheckpointEntry(
                    commit: commit.id.hex, time: commit.time, message: commit.message, size: checkpoint?.size,
                    rootHash: checkpoint?.rootHash.base64EncodedString(), signers: signers))
        }
        return entries
    }

    // MARK: Helpers

    /// kind → subject → newest observation.
    static func newestObservations(_ records: [EvidenceRecord]) -> [String: [String: Date]] {
        var newest: [String: [String: Date]] = [:]
        for record in records where (newest[record.kind]?[record.subject]).map({ $0 < record.observedAt }) ?? true {
            newest[record.kind, default: [:]][record.subject] = record.observedAt
        }
        return newest
    }

    static func newest(of kinds: [String], for subjects: [String], in newest: [String: [String: Date]]) -> [String: Date] {
        var result: [String: Date] = [:]
        for subject in subjects {
            if let date = kinds.compactMap({ newest[$0]?[subject] }).max() { result[subject] = date }
        }
        return result
    }

    /// The register entries (the newest collection of each `risk:` subject) by register id.
    static func registerEntries(_ records: [EvidenceRecord]) -> [String: RiskAcceptanceEvidence] {
        var newestBySubject: [String: EvidenceRecord] = [:]
        for record in records where record.kind == EvidenceKind.riskAcceptance {
            if let seen = newestBySubject[record.subject], seen.observedAt > record.observedAt { continue }
            newestBySubject[record.subject] = record
        }
        var entries: [String: RiskAcceptanceEvidence] = [:]
        for record in newestBySubject.values {
            guard let entry = try? RiskAcceptanceEvidence(record: record) else { continue }
            entries[entry.id] = entry
        }
        return entries
    }

    /// The entry's story up to `instant`: extensions as the engine counts them (in the order of their
    /// `at`, those granted later left out, undated ones last).
    static func timeline(_ review: AcceptanceReview, entry: RiskAcceptanceEvidence?, at instant: Date) -> AcceptanceTimeline {
        AcceptanceTimeline(
            review: review, reason: entry?.reason, owner: entry?.owner, approvedBy: entry?.approvedBy,
            acceptedAt: entry?.acceptedAt, originalExpiry: entry?.expiresAt, extensions: entry?.extensions(grantedBy: instant) ?? [])
    }
}
