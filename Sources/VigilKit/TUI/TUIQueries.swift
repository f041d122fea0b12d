import ControlEngine
import EvidenceModel
import EvidenceStore
import Foundation
import MerkleLog

/// The terminal interface's questions answered from a real workspace: the store (checkpoints,
/// history), the index (records by id, by subject and kind) and the control engine (verdicts).
///
/// Opening reads only the store; the index is opened, caught up and audited on the first question
/// that needs it, after the first frame. Per-result evidence and per-subject history are single
/// indexed queries, never a scan.
public final class TUIQueries: EvidenceQuerying {
    public let pipeline: Pipeline
    public let instant: Date
    public let controlsDirectory: URL
    private let store: EvidenceStore
    /// The index once opened and audited against the signed log (on first use; tried again on the
    /// next question after a failure, which the session shows instead of any verdict).
    private var index: EvidenceIndex?
    private let cache: EvaluationCache

    /// Whether the instant was asked for (`--at`), so that a later session may ask for it again: only
    /// then is an evaluation kept (``EvaluationCache``). One at the clock's now, to the bit, is never
    /// asked for by another session; kept, it cost a million-record store's TUI a 34 MB write, and
    /// pushed out entries of asked-for instants.
    public let instantIsPinned: Bool
    /// This session's last evaluation and its key, when the instant is not pinned.
    private var kept: (key: String, evaluation: WorkspaceEvaluation)?

    /// Opens the workspace's store (a folder that is not a workspace is a usage error).
    public init(pipeline: Pipeline, at instant: Date, pinned: Bool = true, controlsDirectory: URL) throws(VigilError) {
        self.pipeline = pipeline
        self.instant = instant
        instantIsPinned = pinned
        self.controlsDirectory = controlsDirectory
        try pipeline.workspace.requireExists()
        store = try pipeline.workspace.openStore()
        cache = EvaluationCache(workspace: pipeline.workspace)
    }

    /// The index, caught up with the store and audited against its signed log on first use (exit 3
    /// errors on disagreement, which the session shows).
    private func auditedIndex() throws(VigilError) -> EvidenceIndex {
        if let index { return index }
        let (opened, sealed) = try pipeline.workspace.openIndexKeepingSeal(for: store)
        try pipeline.workspace.completeAudit(of: opened, sealedWhenOpened: sealed, against: store)
        index = opened
        return opened
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

    /// The controls list kept with the evaluation at the store's head and this instant, read before
    /// the index is opened: at a million records, opening and auditing the index takes half a second
    /// and reading the whole evaluation as much again.
    public func preview() throws -> EvaluationPreview? {
        // Anything amiss (controls that do not load, an unreadable head) is left to the evaluation to say.
        guard instantIsPinned, let head = try? store.head()?.id, let controls = try? loadControls(),
            let key = cacheKey(head: head, files: EvaluationCache.controlFiles(in: controlsDirectory), controls: controls)
        else { return nil }
        return cache.preview(key)
    }

    /// The evaluation at the instant: from the cache when everything it depends on is unchanged
    /// (``EvaluationCache``), else evaluated and cached: in the workspace when the instant is pinned,
    /// else for this session. Either way the index is audited first, so a workspace whose index or
    /// log was tampered with shows the failure (and the session takes its kept list down), never a status.
    public func evaluation() throws -> WorkspaceEvaluation {
        let files = EvaluationCache.controlFiles(in: controlsDirectory)
        let controls = try loadControls()
        // The evaluation kept at the store's head is read on another core while the index is opened
        // and audited (about half a second each at a million records), and used only once the audit
        // passed, under the key of the head the index was audited at.
        let early = instantIsPinned ? cacheKey(head: try? store.head()?.id, files: files, controls: controls) : nil
        let cache = cache
        let reading = early.map { key in (key: key, work: BackgroundWork { cache.lookup(key) }) }
        let index = try auditedIndex()
        let head = try index.indexedHead()
        let key = cacheKey(head: head, files: files, controls: controls)
        let cached: WorkspaceEvaluation?
        if let reading, reading.key == key {
            cached = reading.work.value
        } else if instantIsPinned {
            cached = key.flatMap(cache.lookup)
        } else {
            cached = kept.flatMap { $0.key == key ? $0.evaluation : nil }
        }
        if let cached {
            lastEvaluationWasCached = true
            return cached
        }
        lastEvaluationWasCached = false
        let evaluation = try evaluate(controls)
        // A control file edited while it was read: the key may not describe what was evaluated.
        guard let key, EvaluationCache.controlFiles(in: controlsDirectory) == files else { return evaluation }
        if instantIsPinned { cache.store(evaluation, key: key) } else { kept = (key, evaluation) }
        return evaluation
    }

    /// The cache key of an evaluation at `head` with the controls as they are now (nil: one of them
    /// cannot be pinned down, and nothing is cached).
    private func cacheKey(head: GitObjectID?, files: Data?, controls: [Control]) -> String? {
        guard let head, let files, let program = EvaluationCache.program else { return nil }
        return EvaluationCache.key(
            head: head, instant: instant, controlFiles: files, controls: controls, configuration: pipeline.configuration,
            program: program)
    }

    private func loadControls() throws -> [Control] {
        try ControlLibrary.load(from: controlsDirectory, limits: pipeline.configuration.limits).requireValid()
    }

    /// Subjects evaluated at a time (nil: every record at once, as for checks that cannot be sliced).
    var subjectsPerSlice: Int? = EvaluationEvidence.subjectsPerSlice

    func evaluate(_ controls: [Control]) throws -> WorkspaceEvaluation {
        let index = try auditedIndex()
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
            result = sliced.result
        } else {
            let records = try EvaluationEvidence.records(for: evaluator, at: instant, in: index)
            result = evaluator.evaluate(records: records, at: instant, checkpoint: checkpoint)
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
