import EvidenceModel
import Testing

@testable import Collectors

/// Fixtures of the key family, in `Fixtures/keys/`.
func keys(_ collector: some EvidenceCollector, _ name: String, subject: String? = nil) throws -> [EvidenceRecord] {
    try CollectorHarness.records(collector, fixture: "keys/" + name, subject: subject)
}

/// The record whose subject ends with `suffix`.
func record(_ records: [EvidenceRecord], endingWith suffix: String) throws -> EvidenceRecord {
    try #require(records.first { $0.subject.hasSuffix(suffix) })
}
