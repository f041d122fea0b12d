import ControlEngine
import EvidenceModel
import EvidenceStore
import Foundation

/// Judges `vigil.yaml`'s sources at a check's instant from their `source.run` records in the index
/// (signed and audited like every record), and adds the result to the run.
enum SourceStanding {
    /// How many of a source's newest runs are read at a time while looking for its last good one.
    static let page = 32

    /// - Returns: each source's standing, for the TUI's completeness view.
    @discardableResult
    static func judge(
        _ sources: [SourceSpec], at instant: Date, knownAt: Date?, in index: EvidenceIndex, into result: inout RunResult
    ) throws(StoreError) -> [SourceStatus] {
        guard !sources.isEmpty else { return [] }
        var counts: [SourceCoverage.Standing: Int] = [:]
        var gaps: [ScopeGap] = []
        var statuses: [SourceStatus] = []
        for source in sources {
            let expectation = SourceCompleteness.Expectation(name: source.name, every: source.every)
            let (newest, lastGood) = try runs(of: expectation, at: instant, knownAt: knownAt, in: index)
            let judged = SourceCompleteness.judge(expectation, newest: newest, lastGood: lastGood, at: instant)
            counts[judged.standing, default: 0] += 1
            if let gap = judged.gap { gaps.append(gap) }
            statuses.append(
                SourceStatus(
                    name: source.name, standing: judged.standing, every: source.every?.text, newestRun: newest?.at,
                    lastGoodRun: lastGood?.at, covers: (lastGood ?? newest)?.run.coverage, reason: judged.gap?.reason))
        }
        result.add(sources: SourceCoverage(counts: counts), gaps: gaps)
        return statuses
    }

    /// The source's last logged run (whether it failed), and the good run that delivered its newest
    /// evidence (whether it is silent), read newest first a page at a time.
    ///
    /// Runs are ordered by when they were logged, not by the time they are dated at: a success dated
    /// at its evidence's time (a pinned `observed_at`) can be older than a failure dated at the run.
    private static func runs(
        of source: SourceCompleteness.Expectation, at instant: Date, knownAt: Date?, in index: EvidenceIndex
    ) throws(StoreError) -> (newest: SourceCompleteness.Run?, lastGood: SourceCompleteness.Run?) {
        let last = try index.newest(
            subject: source.subject, kind: EvidenceKind.sourceRun, observedAtOrBefore: instant, loggedAtOrBefore: knownAt,
            limit: 1, by: .logged
        ).first
        let newest = last.flatMap { record in
            (try? SourceRunEvidence(record: record)).map { SourceCompleteness.Run(at: record.observedAt, run: $0) }
        }
        var offset = 0
        while true {
            let records = try index.newest(
                subject: source.subject, kind: EvidenceKind.sourceRun, observedAtOrBefore: instant, loggedAtOrBefore: knownAt,
                limit: page, offset: offset)
            for record in records {
                guard let run = try? SourceRunEvidence(record: record), run.outcome == .ok else { continue }
                return (newest, SourceCompleteness.Run(at: record.observedAt, run: run))
            }
            guard records.count == page else { return (newest, nil) }
            offset += page
        }
    }
}
