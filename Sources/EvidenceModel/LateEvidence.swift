import Foundation

extension RunResult {
    /// How many subject results rest on evidence logged after `asOf` (``SubjectResult/late``: an
    /// evaluation marks it as it judges).
    public var lateResultCount: Int { controls.reduce(0) { $0 + $1.results.lateCount } }
}
