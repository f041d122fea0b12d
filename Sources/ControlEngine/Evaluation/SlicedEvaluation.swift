import EvidenceModel
import Foundation

/// An evaluation fed a slice of subjects at a time, so that `vigil check` holds one slice's records
/// rather than every record it selects (#15: memory must not grow with the store).
///
/// Only the register documents (the asset inventory and the risk register: `register`, `asset` and
/// `risk.acceptance` records) are read across subjects; every other record is judged with its own
/// subject. So the shared records are given once, the others one slice of subjects at a time, and the
/// run comes out exactly as if every record had been given at once. A check that reads other subjects'
/// evidence (``RelatedEvidenceCheck``, ``SubjectKeyedCheck``) needs them all in one slice: see
/// ``Evaluator/canSlice``. ``Evaluator/evaluate(records:at:checkpoint:)`` is a run of one slice.
///
/// Slices are judged apart (``judgement(of:owned:)``, on any thread) and added in order
/// (``add(_:)``), so that several can be judged at once, one per core.
public struct SlicedEvaluation: Sendable {
    /// The kinds read across subjects, given once to every slice.
    public static let sharedKinds: Set<String> = [EvidenceKind.register, EvidenceKind.asset, EvidenceKind.riskAcceptance]

    /// What the slices found for one control so far.
    private struct Judged: Sendable {
        var results: SubjectResults.Builder
        /// Some subject has a record of a judged kind (an unscoped control without any is `missing`).
        var hasEvidence = false
    }

    private let evaluator: Evaluator
    private let instant: Date
    /// The shared records, grouped once: each slice adds its own kinds to them.
    private let sharedIndex: VisibleEvidence
    private let sharedByID: [String: EvidenceRecord]
    private let registers: RegisterDocuments
    private let inventory: AssetInventory
    /// Each scoped control's subjects, in the inventory's order (nil: unscoped).
    private let scopeSubjects: [[String]?]
    private var judged: [Judged]
    private var gaps: [ScopeGap] = []

    /// Where verdicts go past the pieces held in memory (nil: all are held).
    private let spool: ResultSpool?

    /// - Parameters:
    ///   - shared: every record of the ``sharedKinds`` the evaluation reads, in stored order;
    ///     records of other kinds are ignored here.
    ///   - spool: where a large run's verdicts are kept until its report is written.
    public init(evaluator: Evaluator, shared: [EvidenceRecord], at instant: Date, spool: ResultSpool? = nil) {
        self.evaluator = evaluator
        self.instant = instant
        self.spool = spool
        let shared = shared.filter { Self.sharedKinds.contains($0.kind) }
        sharedIndex = VisibleEvidence(records: shared, at: instant)
        sharedByID = Dictionary(shared.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        registers = RegisterDocuments(index: sharedIndex)
        let inventory = AssetInventory(registers: registers)
        self.inventory = inventory
        scopeSubjects = evaluator.controls.map { control in control.scope.map(inventory.subjects(in:)) }
        judged = Array(repeating: Judged(results: SubjectResults.Builder(spool: spool)), count: evaluator.controls.count)
    }

    /// The subjects the asset inventory lists: judged even without evidence of their own, so each must
    /// belong to some slice.
    public var inventoriedSubjects: [String] { inventory.assets.map(\.subject) }

    /// Judges the subjects `owned` (nil: every subject) on `records` and adds what it found to the run.
    public mutating func judge(_ records: [EvidenceRecord], owned: Set<String>?) {
        add(judgement(of: records, owned: owned))
    }

    /// What one slice's subjects come to, apart from the run: `records` are every record of the
    /// subjects `owned` (nil: every subject) outside the ``sharedKinds`` (others are ignored), in
    /// stored order. Each subject must be owned by exactly one slice.
    public func judgement(of records: [EvidenceRecord], owned: Set<String>?) -> SliceJudgement {
        let own = records.filter { !Self.sharedKinds.contains($0.kind) }
        let index = VisibleEvidence(sharedIndex, adding: own)
        let owns: (String) -> Bool = { subject in owned?.contains(subject) ?? true }
        let ownByID = Dictionary(own.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let record: (String) -> EvidenceRecord? = { [sharedByID] id in ownByID[id] ?? sharedByID[id] }
        var slice = SliceJudgement(controls: evaluator.controls.count)
        // Each reason's text once a slice: "newest evidence 9.1 days old (freshness 7d)" made anew
        // for each of 400k keys was 38 MB of the check's peak.
        var reasons: [String: String] = [:]
        for (position, control) in evaluator.controls.enumerated() {
            guard let check = evaluator.compiled[position].check else { continue }
            let judgedKinds = SubjectJudgement.judgedKinds(of: control, check)
            // The slice's own subjects only: every subject with evidence belongs to some slice, so the
            // run finds the same, and a subject's share of the judgement says it (``SubjectVerdicts``).
            let evidenced = index.subjects(withAnyOf: judgedKinds, origin: control.origin).filter(owns)
            if !evidenced.isEmpty {
                slice.hasEvidence[position] = true
                slice.evidenced[position] = evidenced
            }
            let view =
                (check as? any SubjectKeyedCheck).map { index.rekeyed(kinds: control.evidence, by: $0.subjects(of:)) }
                ?? index
            let subjects =
                scopeSubjects[position]
                ?? view.subjects(withAnyOf: judgedKinds, origin: control.origin).sorted()
            let judgement = SubjectJudgement(control: control, check: check, index: view)
            for subject in subjects {
                // The subject as the slice was given it: the records' copies go with the slice.
                let own: String
                if let owned {
                    guard let at = owned.firstIndex(of: subject) else { continue }
                    own = owned[at]
                } else {
                    own = subject
                }
                var result = Self.observed(judgement.judge(subject), of: control, record: record, as: own, reasons: &reasons)
                // Marked as it is judged: a table of every late id's logged time, looked up again once
                // every result was in, was ~30 bytes a subject and a tenth of a re-check.
                result.late = Self.late(result.evidence, record: record, after: instant)
                slice.results[position].append(result)
            }
        }
        slice.gaps = ScopeGapFinder(controls: evaluator.controls, inventory: inventory, index: index, owns: owns).unsortedGaps()
        return slice
    }

    /// Adds a slice's judgement to the run; slices added in any order give the same result.
    public mutating func add(_ slice: SliceJudgement) {
        for position in judged.indices {
            judged[position].results.append(contentsOf: slice.results[position])
            if slice.hasEvidence[position] { judged[position].hasEvidence = true }
        }
        gaps += slice.gaps
    }

    /// The ids of `evidence` logged after `instant`, in its order (``SubjectResult/late``): most runs
    /// note none; a check of a past instant, often all (the result holds each in 32 bytes).
    private static func late(_ evidence: [String], record: (String) -> EvidenceRecord?, after instant: Date) -> [String] {
        let isLate = { (id: String) in record(id)?.loggedAt.map { $0 > instant } ?? false }
        guard evidence.contains(where: isLate) else { return [] }
        return evidence.allSatisfy(isLate) ? evidence : evidence.filter(isLate)
    }

    /// The run: the slices' verdicts in the order one evaluation of every record gives them, the risk
    /// register reviewed against them, acceptances applied, and the scope gaps.
    public func result(checkpoint: CheckpointSummary?) -> RunResult {
        var run = self
        return run.takeResult(checkpoint: checkpoint)
    }

    /// ``result(checkpoint:)``, the verdicts moved out of the run rather than copied: sorted and
    /// mapped as copies, they were twice 35 MB of a check of 400k KMS keys, at its peak.
    public mutating func takeResult(checkpoint: CheckpointSummary?) -> RunResult {
        let controls = evaluator.controls
        let raw = controls.indices.map { position in
            var results = judged[position].results.take()
            order(&results, position)
            return (controls[position].id, results)
        }
        let reviewer = AcceptanceReviewer(
            policy: evaluator.policy, instant: instant,
            results: Dictionary(raw, uniquingKeysWith: { first, _ in first }))
        let acceptances = registers.entries(of: EvidenceKind.riskAcceptance).compactMap(RiskAcceptance.init(record:))
            .sorted { $0.id < $1.id }
        let reviews = acceptances.map { Evaluator.withHistory(reviewer.review($0), of: $0, at: instant) }
        let coverage = AcceptanceCoverage(active: zip(acceptances, reviews).filter { $0.1.isActive }.map(\.0), instant: instant)
        let withdrawn = registers.withdrawn(of: EvidenceKind.riskAcceptance).compactMap { withdrawal -> AcceptanceReview? in
            guard let acceptance = RiskAcceptance(record: withdrawal.record) else { return nil }
            let review = reviewer.withdrawn(acceptance, at: withdrawal.at, from: withdrawal.record.source.name)
            return Evaluator.withHistory(review, of: acceptance, at: instant)
        }
        let results = controls.indices.map { position in
            let control = controls[position]
            func made(_ results: SubjectResults = [], error: String? = nil, missing: String? = nil) -> ControlResult {
                ControlResult(
                    id: control.id, title: control.title, severity: control.severity, frameworks: control.frameworks,
                    results: results, error: error, freshness: control.freshness, missingReason: missing)
            }
            guard let check = evaluator.compiled[position].check else { return made(error: evaluator.compiled[position].problem) }
            if control.scope == nil, !judged[position].hasEvidence {
                return made(missing: Evaluator.absence(of: control, kinds: SubjectJudgement.judgedKinds(of: control, check)))
            }
            guard coverage.coversAny(of: control.id) else { return made(raw[position].1) }
            var covered = SubjectResults.Builder(spool: spool)
            for result in raw[position].1 {
                guard let acceptance = coverage.covering(result, of: control.id) else {
                    covered.append(result)
                    continue
                }
                // The acceptance's record counts towards the result's age only if it is of the control's kinds.
                let counted = sharedByID[acceptance.recordID].flatMap { control.evidence.contains($0.kind) ? $0.observedAt : nil }
                var accepted = coverage.accepted(result, under: acceptance).observed(at: [result.observedAt, counted].compactMap { $0 }.max())
                // Its evidence is the result's and then the acceptance's record.
                accepted.late = result.late + Self.late([acceptance.recordID], record: { sharedByID[$0] }, after: instant)
                covered.append(accepted)
            }
            return made(covered.take())
        }
        return RunResult(
            asOf: instant, checkpoint: checkpoint, controls: results, scopeGaps: ScopeGapFinder.sorted(gaps),
            acceptances: reviews + withdrawn.sorted { $0.id < $1.id })
    }

    /// Puts the slices' results in the order of one evaluation: the scope's subjects in the
    /// inventory's order, else sorted by subject (as slices of sorted subjects come, unless a re-check
    /// kept some: then they come as two sorted runs, the kept verdicts and those judged again, merged).
    private func order(_ results: inout SubjectResults, _ control: Int) {
        guard let scoped = scopeSubjects[control] else {
            var descents: [Int] = []
            var previous: String?
            for (index, result) in results.enumerated() {
                if let previous, previous > result.subject {
                    descents.append(index)
                    if descents.count > 1 { break }
                }
                previous = result.subject
            }
            if descents.count == 1 {
                results = Self.merged(results, runsSplitAt: descents[0], spool: spool)
            } else if !descents.isEmpty {
                results = pieced(results.sorted { $0.subject < $1.subject })
            }
            return
        }
        let position = Dictionary(scoped.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        results = pieced(results.sorted { (position[$0.subject] ?? .max) < (position[$1.subject] ?? .max) })
    }

    /// Sorted verdicts pieced (and spooled) as the slices' were: the sorted copy is let go once read.
    private func pieced(_ results: [SubjectResult]) -> SubjectResults {
        var pieces = SubjectResults.Builder(spool: spool)
        pieces.append(contentsOf: results)
        return pieces.take()
    }

    /// `results`, sorted by subject before `split` and from it, as one sorted list: sorting the 50k
    /// results of a re-check that judged 2k again was a tenth of it.
    static func merged(_ results: SubjectResults, runsSplitAt split: Int, spool: ResultSpool? = nil) -> SubjectResults {
        var merged = SubjectResults.Builder(spool: spool)
        var (first, second) = (results.makeIterator(), results.iterator(from: split))
        var (left, right) = (split > 0 ? first.next() : nil, second.next())
        var taken = 0  // from the first run
        while let leftResult = left {
            if let rightResult = right, rightResult.subject < leftResult.subject {
                merged.append(rightResult)
                right = second.next()
            } else {
                merged.append(leftResult)
                taken += 1
                left = taken < split ? first.next() : nil
            }
        }
        while let rightResult = right {
            merged.append(rightResult)
            right = second.next()
        }
        return merged.take()
    }

    /// When the newest evidence behind a verdict was observed: records of the control's own kinds only
    /// (a covering acceptance's record says nothing about the subject's age).
    /// Its subject's text is `subject`'s, and its reason's the one in `reasons` when the same.
    private static func observed(
        _ result: SubjectResult, of control: Control, record: (String) -> EvidenceRecord?, as subject: String,
        reasons: inout [String: String]
    ) -> SubjectResult {
        let observed = result.evidence.compactMap(record).filter { control.evidence.contains($0.kind) }
        var reason = result.reason
        if let known = reasons[reason] {
            reason = known
        } else if reasons.count < 4_096 {  // reasons that all differ are not kept
            reasons[reason] = reason
        }
        return SubjectResult(
            subject: result.subject == subject ? subject : result.subject, status: result.status, reason: reason,
            evidence: result.evidence, acceptance: result.acceptance, observedAt: observed.map(\.observedAt).max())
    }
}

/// One slice's verdicts, control by control, before they join the run (``SlicedEvaluation/add(_:)``).
public struct SliceJudgement: Sendable {
    var results: [[SubjectResult]]
    /// Some subject of the slice has a record of the control's judged kinds.
    var hasEvidence: [Bool]
    /// Which of the slice's subjects have one.
    var evidenced: [Set<String>]
    var gaps: [ScopeGap] = []

    init(controls: Int) {
        results = Array(repeating: [], count: controls)
        hasEvidence = Array(repeating: false, count: controls)
        evidenced = Array(repeating: [], count: controls)
    }
}

extension SubjectResult {
    /// The same result with its evidence's observation time.
    func observed(at date: Date?) -> SubjectResult {
        SubjectResult(subject: subject, status: status, reason: reason, evidence: evidence, acceptance: acceptance, observedAt: date)
    }
}
