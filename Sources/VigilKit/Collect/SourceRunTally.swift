import EvidenceModel
import Foundation

/// What each `vigil.yaml` source's inputs did in one collect, counted as they are parsed: its
/// `source.run` record is made from it (``SourceRuns``).
struct SourceRunTally {
    struct Run {
        var inputs = 0
        var records = 0
        /// A line per rejected input: the run failed.
        var reasons: [String] = []
        var kinds: Set<String> = []
        /// Distinct subjects, counted up to ``SourceRunEvidence/subjectCountLimit``.
        var subjects: Set<String> = []
        /// The newest observation it delivered.
        var newest: Date?
    }

    static let subjectLimit = SourceRunEvidence.subjectCountLimit

    private(set) var runs: [Int: Run] = [:]
    /// The current input's records: they count for its source only once the input is accepted.
    private var pending = Run()

    mutating func take(_ records: [EvidenceRecord], of item: CollectItem) {
        guard item.source != nil else { return }
        pending.records += records.count
        for record in records {
            pending.newest = max(pending.newest ?? record.observedAt, record.observedAt)
            pending.kinds.insert(record.kind)
            if pending.subjects.count < Self.subjectLimit { pending.subjects.insert(record.subject) }
        }
    }

    mutating func end(_ item: CollectItem, rejection: String?) {
        defer { pending = Run() }
        guard let source = item.source else { return }
        var run = runs[source, default: Run()]
        run.inputs += 1
        if let rejection {
            run.reasons.append(rejection)
        } else {
            run.records += pending.records
            run.kinds.formUnion(pending.kinds)
            run.newest = [run.newest, pending.newest].compactMap { $0 }.max()
            if run.subjects.count < Self.subjectLimit { run.subjects.formUnion(pending.subjects) }
        }
        runs[source] = run
    }
}

/// The `source.run` records of one collect of `vigil.yaml`'s sources: one per source, `ok` when every
/// input it stands for was stored, `failed` (with why) otherwise. Each record's raw input is its run
/// as canonical JSON, so that a run that found the same as the last is the same record, stored once.
struct SourceRuns {
    let runs: [(raw: Data, record: EvidenceRecord)]

    /// Shown as the records' source name.
    static let sourceName = "vigil collect (source run)"

    /// Nil when the run collected no source of `vigil.yaml` (files named on the command line).
    /// - Parameter lastRun: each source's last logged run, by source name: a good run after a
    ///   failed one names it (``SourceRunEvidence/recovers``).
    init?(sources: [SourceSpec], tally: SourceRunTally, now: Date, lastRun: (String) -> EvidenceRecord?) {
        guard !tally.runs.isEmpty else { return nil }
        runs = sources.enumerated().compactMap { index, source in
            guard let run = tally.runs[index] else { return nil }
            let subjects = run.subjects.sorted()
            var evidence = SourceRunEvidence(
                name: source.name, collector: source.collector, input: source.input.text, every: source.every,
                outcome: run.reasons.isEmpty ? .ok : .failed, reasons: Array(run.reasons.prefix(5)), inputs: run.inputs,
                records: run.records, kinds: run.kinds.sorted(), subjects: Array(subjects.prefix(SourceRunEvidence.sampleSize)),
                subjectCount: subjects.count)
            if evidence.outcome == .ok, let last = lastRun(source.name),
                (try? SourceRunEvidence(record: last))?.outcome == .failed
            {
                evidence.recovers = last.id
            }
            // A run is dated by the evidence it delivered: a source's pinned observation time, else
            // the newest observation among its records. A source that delivers nothing new (a log
            // read again unchanged) thus falls silent, and collecting it again stores nothing new.
            // A failed run is dated now: each failure is logged.
            let at = evidence.outcome == .failed ? now : source.observedAt ?? run.newest ?? now
            let document: JSONValue = ["observed_at": .string(Timestamp.format(at)), "source_run": .object(evidence.data)]
            let raw = (try? CanonicalJSON.data(document)) ?? Data()
            let record = EvidenceRecord(
                kind: EvidenceKind.sourceRun, subject: evidence.subject, observedAt: at, collector: "vigil", origin: .observed,
                source: EvidenceSource(name: Self.sourceName, sha256: SHA256Hex.of(raw)), data: evidence.data)
            return (raw, record)
        }
    }
}
