import ControlEngine
import EvidenceModel
import EvidenceStore
import Foundation
import MerkleLog

/// The IO shell around the pure layers: collect → store → index → check, at one instant.
public struct Pipeline: Sendable {
    public let workspace: Workspace
    public let configuration: Configuration
    /// The run's "now": every layer below gets it from here, nothing below calls `Date()`.
    public let now: Date
    public let lockTimeout: TimeInterval
    /// The clock read once a run that writes the store holds the workspace lock (``nowUnderLock``);
    /// without one, that is `now` too.
    private let clock: @Sendable () -> Date

    public init(
        workspace: Workspace, configuration: Configuration, now: Date, lockTimeout: TimeInterval = 30, clock: (@Sendable () -> Date)? = nil
    ) {
        self.workspace = workspace
        self.configuration = configuration
        self.now = now
        self.lockTimeout = lockTimeout
        self.clock = clock ?? { now }
    }

    /// The time a run logs what it writes, read once it holds the lock: a run that waited its turn
    /// behind another writer logs after that writer's commit, so logged times never go backwards.
    var nowUnderLock: Date { max(now, clock()) }

    /// This run with its "now" read from the clock again: a check that follows a collect in the same
    /// run (`vigil audit`) judges at a time no earlier than the one the collect logged, so what it
    /// just collected is not taken for evidence logged after the check's instant.
    public func rereadingTheClock() -> Pipeline {
        Pipeline(workspace: workspace, configuration: configuration, now: nowUnderLock, lockTimeout: lockTimeout, clock: clock)
    }

    /// Evaluates the controls in `controlsDirectory` against the evidence observed at or before `instant`
    /// (and, with `knownAt`, logged by then: what a check at that time could have said). Results
    /// resting on evidence logged after `instant` list it as `late`.
    /// With `history` (the HTML report's trend), also evaluates them at earlier instants: the store's
    /// commits and the evidence's observation times (see ``ComplianceHistory``).
    /// With `remember` (an instant given, that a later check may ask for again), keeps each subject's
    /// verdicts for the next check at this instant, which then judges only the subjects whose evidence
    /// changed (``RecheckCache``); a check at the clock's now is never asked for again.
    ///
    /// With `finishing`, the memory is written on another thread, handed to it to wait for before the
    /// process ends, so that it is written while the report is (a tenth of a re-check of 50k subjects).
    public func check(
        at instant: Date, knownAt: Date? = nil, controlsDirectory: URL, history: Bool = false, remember: Bool = false,
        finishing: ((UnfinishedWrite) -> Void)? = nil
    ) throws(VigilError) -> RunResult {
        try check(
            at: instant, knownAt: knownAt, controlsDirectory: controlsDirectory, history: history,
            subjectsPerSlice: EvaluationEvidence.subjectsPerSlice, remember: remember, finishing: finishing)
    }

    /// ``check(at:knownAt:controlsDirectory:history:remember:)`` reading `subjectsPerSlice` subjects' records at
    /// a time; `judged` learns how many subjects were read and judged (the others' verdicts were
    /// remembered from the last check at the same instant, ``RecheckCache``). Verdicts past
    /// `verdictPieces.held` pieces of `verdictPieces.size` wait for the report in a file in the
    /// workspace (``ResultSpool``): a check of 400k keys held 51 MB of them.
    func check(
        at instant: Date, knownAt: Date?, controlsDirectory: URL, history: Bool, subjectsPerSlice: Int,
        remember: Bool = false, finishing: ((UnfinishedWrite) -> Void)? = nil, judged: (Int) -> Void = { _ in },
        verdictPieces: (held: Int, size: Int) = ResultSpool.checkDefault
    ) throws(VigilError) -> RunResult {
        let store = try workspace.openStore()
        // Read before the controls are loaded, to see a control file edited meanwhile.
        let controlFiles = remember && !history ? EvaluationCache.controlFiles(in: controlsDirectory) : nil
        let controls = try ControlLibrary.load(from: controlsDirectory, limits: configuration.limits).requireValid()
        let recheck = controlFiles.flatMap { files -> (cache: RecheckCache, key: String)? in
            let cache = RecheckCache(workspace: workspace)
            guard cache.files.secret != nil,
                let key = RecheckCache.key(
                    instant: instant, knownAt: knownAt, controlFiles: files, controls: controls, configuration: configuration)
            else { return nil }
            return (cache, key)
        }
        // Decoded while the index's seal is hashed (each was a tenth of a re-check of 50k subjects);
        // again once it is open when the index was missing or smaller than the memory's bound allows.
        let indexURL = workspace.indexURL
        var early = recheck.map { recheck in BackgroundWork { recheck.cache.memory(key: recheck.key, index: indexURL) } }
        let index = try workspace.openIndex(for: store)
        var remembered = recheck.map { recheck in early?.value ?? recheck.cache.memory(key: recheck.key, index: indexURL) }
        let evaluator = Evaluator(controls: controls, policy: configuration.acceptancePolicy, context: configuration.checkContext)
        let checkpoint = try checkpointSummary(store)
        // A check judging every subject writes its memory here as it goes (dropped unused, it is removed).
        let writing = history ? nil : recheck.flatMap { $0.cache.writing(key: $0.key) }
        if !history,
            let sliced = try storeCall({ () throws(StoreError) in
                try EvaluationEvidence.evaluateSliced(
                    evaluator, at: instant, knownAt: knownAt, in: index, checkpoint: checkpoint,
                    subjectsPerSlice: subjectsPerSlice, recheck: remembered.map { .init(previous: $0, writing: writing) },
                    spool: ResultSpool(
                        in: workspace.indexURL.deletingLastPathComponent(), holding: verdictPieces.held, pieceSize: verdictPieces.size))
            })
        {
            letGoInBackground((early, remembered))
            (early, remembered) = (nil, nil)
            // A control file edited while it was read: the key may not describe what was judged.
            if let recheck, let memory = sliced.memory, EvaluationCache.controlFiles(in: controlsDirectory) == controlFiles {
                if let finishing {
                    finishing(UnfinishedWrite { recheck.cache.remember(memory, key: recheck.key, writing: writing) })
                } else {
                    recheck.cache.remember(memory, key: recheck.key, writing: writing)
                }
            }
            judged(sliced.judgedSubjects)
            var result = sliced.result
            result.knownAt = knownAt
            _ = try storeCall { () throws(StoreError) in
                try SourceStanding.judge(configuration.sources, at: instant, knownAt: knownAt, in: index, into: &result)
            }
            return result
        }
        // The trend below re-evaluates at earlier instants, so it reads every record once.
        let records = try storeCall { () throws(StoreError) in
            history
                ? try index.records(matching: RecordQuery(observedAtOrBefore: instant, loggedAtOrBefore: knownAt))
                : try EvaluationEvidence.records(for: evaluator, at: instant, knownAt: knownAt, in: index)
        }
        var result = evaluator.evaluate(records: records, at: instant, checkpoint: checkpoint)
        result.knownAt = knownAt
        _ = try storeCall { () throws(StoreError) in
            try SourceStanding.judge(configuration.sources, at: instant, knownAt: knownAt, in: index, into: &result)
        }
        guard history else { return result }
        // The trend the HTML report charts: the same controls when the store or its evidence changed.
        // Observation times count too: evidence collected with --observed-at has a past of its own.
        let commits = try storeCall { () throws(StoreError) in try store.history() }
        let changes = commits.map(\.time) + records.map(\.observedAt)
        let earlier = ComplianceHistory.instants(commitTimes: changes, upTo: instant).dropLast()
        result.history = ComplianceHistory.snapshots(evaluator: evaluator, records: records, at: Array(earlier)) + [result.snapshot]
        return result
    }

    /// The origin new workspaces sign as: vigil.yaml's `log.origin`, else one named after this host.
    public var origin: String {
        configuration.logOrigin ?? "vigil.local/\(ProcessInfo.processInfo.hostName)"
    }

    /// The checkpoint the report is computed against: HEAD's (the store's state when checked), or
    /// the one `commit` signed.
    func checkpointSummary(_ store: EvidenceStore, at commit: StoreCommit? = nil) throws(VigilError) -> CheckpointSummary? {
        guard let note = try storeCall({ () throws(StoreError) in try store.checkpoint(at: commit) }),
            let checkpoint = try? Checkpoint(note)
        else { return nil }
        return CheckpointSummary(origin: checkpoint.origin, size: checkpoint.size, rootHash: checkpoint.rootHash.base64EncodedString())
    }

    /// Matching records, oldest first.
    public func evidence(_ query: RecordQuery) throws(VigilError) -> [EvidenceRecord] {
        let store = try workspace.openStore()
        let index = try workspace.openIndex(for: store)
        return try storeCall { () throws(StoreError) in try index.records(matching: query) }
    }

    /// Recreates the index from the store alone.
    public func rebuildIndex() throws(VigilError) -> Int {
        let lock = try workspace.lock(timeout: lockTimeout)
        defer { withExtendedLifetime(lock) {} }
        return try rebuildIndexHoldingLock()
    }

    /// Builds the new index beside the old one and moves it into place with its seal: its rows are
    /// verified against the signed log as they are written, as a new index's are, so the first check
    /// after a rebuild needs no whole audit.
    func rebuildIndexHoldingLock() throws(VigilError) -> Int {
        let store = try workspace.openStore()
        let index = try workspace.indexAfresh(from: store, progress: workspace.progress.indexSync(expected: nil))
        return try storeCall { () throws(StoreError) in try index.recordCount() }
    }
}
