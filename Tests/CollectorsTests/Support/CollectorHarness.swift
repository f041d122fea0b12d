import EvidenceModel
import Foundation
import Testing

@testable import Collectors

/// Runs collectors on fixture files and inline text, the way the IO shell calls them.
enum CollectorHarness {
    static let observedAt = Timestamp.parse("2026-11-20T06:00:00Z") ?? .distantPast

    struct MissingFixture: Error { let name: String }

    static func fixture(_ name: String) throws -> Data {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures") else {
            throw MissingFixture(name: name)
        }
        return try Data(contentsOf: url)
    }

    static func input(_ bytes: Data, fileName: String, subject: String? = nil) -> CollectorInput {
        CollectorInput(fileName: fileName, bytes: bytes, subject: subject, observedAt: observedAt)
    }

    static func records(
        _ collector: some EvidenceCollector, fixture name: String, subject: String? = nil
    ) throws -> [EvidenceRecord] {
        try collector.records(from: input(try fixture(name), fileName: name, subject: subject))
    }

    static func records(
        _ collector: some EvidenceCollector, text: String, fileName: String, subject: String? = nil
    ) throws -> [EvidenceRecord] {
        try collector.records(from: input(Data(text.utf8), fileName: fileName, subject: subject))
    }

    /// The failure a collector throws for `bytes`, or nil (and a recorded issue) when it accepts them.
    static func failure(
        _ collector: some EvidenceCollector, bytes: Data, fileName: String, subject: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> CollectionFailure? {
        do {
            let records = try collector.records(from: input(bytes, fileName: fileName, subject: subject))
            Issue.record("expected a CollectionFailure, got \(records.count) records", sourceLocation: sourceLocation)
            return nil
        } catch {
            return error
        }
    }

    static func failure(
        _ collector: some EvidenceCollector, text: String, fileName: String, subject: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> CollectionFailure? {
        failure(collector, bytes: Data(text.utf8), fileName: fileName, subject: subject, sourceLocation: sourceLocation)
    }
}
