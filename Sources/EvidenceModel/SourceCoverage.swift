import Foundation

/// How the sources of `vigil.yaml` stood at an instant: each is on time (its last run delivered,
/// within its `every` when it has one), failed (its last run did not), silent (no delivery within
/// its `every`), or not yet run by then (no cadence to judge it by).
public struct SourceCoverage: Sendable, Hashable {
    public enum Standing: String, Sendable, Hashable, CaseIterable, Codable {
        case onTime = "on_time"
        case failed, silent
        case notRun = "not_run"
    }

    public let counts: [Standing: Int]

    public init(counts: [Standing: Int]) {
        self.counts = counts
    }

    public var total: Int { counts.values.reduce(0, +) }

    public subscript(_ standing: Standing) -> Int { counts[standing] ?? 0 }

    /// `sources 24 of 27 on time (1 failed, 1 silent, 1 not run by then)`.
    public var sentence: String {
        let others = [(Standing.failed, "failed"), (.silent, "silent"), (.notRun, "not run by then")]
            .compactMap { standing, words in self[standing] > 0 ? "\(self[standing]) \(words)" : nil }
        return "sources \(self[.onTime]) of \(total) on time" + (others.isEmpty ? "" : " (\(others.joined(separator: ", ")))")
    }
}

/// One source as the completeness view shows it.
public struct SourceStatus: Sendable, Hashable, Codable {
    public let name: String
    public let standing: SourceCoverage.Standing
    public let every: String?
    public let newestRun: Date?
    public let lastGoodRun: Date?
    /// What its last good run (else its newest) covered, `firmware.device of host:web-01 and 2 more`.
    public let covers: String?
    /// Its gap's reason, when it is failed or silent.
    public let reason: String?

    public init(
        name: String, standing: SourceCoverage.Standing, every: String?, newestRun: Date?, lastGoodRun: Date?, covers: String?,
        reason: String?
    ) {
        self.name = name
        self.standing = standing
        self.every = every
        self.newestRun = newestRun
        self.lastGoodRun = lastGoodRun
        self.covers = covers
        self.reason = reason
    }
}

extension RunResult {
    /// The report's coverage line: `Coverage: sources 24 of 27 on time (…) · 143 of 150 results evaluated (7 missing)`;
    /// nil when there was nothing to cover (no source judged, no result expected).
    public var coverageLine: String? {
        let (evaluated, expected) = resultsEvaluated
        guard expected > 0 || sources != nil else { return nil }
        let missing = expected - evaluated
        let results = "\(evaluated) of \(expected) result\(expected == 1 ? "" : "s") evaluated" + (missing > 0 ? " (\(missing) missing)" : "")
        return "Coverage: " + (sources.map { $0.sentence + " · " } ?? "") + results
    }
}
