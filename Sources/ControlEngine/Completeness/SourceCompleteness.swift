import EvidenceModel
import Foundation

/// Judges one source of `vigil.yaml` at an instant from its logged runs: failed when its newest run
/// failed, silent when it has a cadence and no run delivered within it, on time otherwise, and not
/// run when nothing says either. Failed and silent sources are scope gaps naming the source, its
/// last good run and what it covers.
public enum SourceCompleteness {
    /// A source as `vigil.yaml` lists it now.
    public struct Expectation: Sendable, Hashable {
        public let name: String
        public let every: EvidenceDuration?

        public init(name: String, every: EvidenceDuration?) {
            self.name = name
            self.every = every
        }

        public var subject: String { SourceRunEvidence.subject(named: name) }
    }

    /// A logged run, with when it was observed.
    public struct Run: Sendable, Hashable {
        public let at: Date
        public let run: SourceRunEvidence

        public init(at: Date, run: SourceRunEvidence) {
            self.at = at
            self.run = run
        }
    }

    /// - Parameters: newest: the source's newest run at or before `instant`; lastGood: its newest
    ///   successful one (nil: none).
    public static func judge(
        _ source: Expectation, newest: Run?, lastGood: Run?, at instant: Date
    ) -> (standing: SourceCoverage.Standing, gap: ScopeGap?) {
        let good = lastGood.map { "last good run \(Timestamp.format($0.at)) (\(instant.timeIntervalSince($0.at).humanAge) ago)" } ?? "never a good run"
        let covers = (lastGood ?? newest).map { "; covers " + $0.run.coverage } ?? ""
        if let newest, newest.run.outcome == .failed {
            let why = newest.run.reasons.first.map { ": " + $0 } ?? ""
            let more = newest.run.reasons.count > 1 ? " (and \(newest.run.reasons.count - 1) more)" : ""
            let reason = "last run failed at \(Timestamp.format(newest.at))\(why)\(more); \(good)\(covers)"
            return (.failed, ScopeGap(subject: source.subject, gap: .sourceFailed, control: nil, reason: reason))
        }
        guard let every = source.every else { return (newest == nil ? .notRun : .onTime, nil) }
        if let lastGood, instant.timeIntervalSince(lastGood.at) <= every.seconds { return (.onTime, nil) }
        let reason = "no good run within every \(every): \(good)\(covers)"
        return (.silent, ScopeGap(subject: source.subject, gap: .sourceSilent, control: nil, reason: reason))
    }
}
