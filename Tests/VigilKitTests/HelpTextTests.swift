import Collectors
import EvidenceModel
import EvidenceStore
import Foundation
import Testing
import VigilTestSupport

@testable import VigilKit

/// `vigil collect --help` lists every collector, and the kinds it names are the ones collecting the
/// shipped demo writes.
struct HelpTextTests {
    @Test func everyCollectorIsListedOnce() {
        #expect(CollectorGuide.entries.map(\.collector).sorted() == CollectorRegistry.names.sorted())
        for name in CollectorRegistry.names { #expect(HelpText.collectors.contains("\n\(name) ") || HelpText.collectors.hasPrefix("\(name) ")) }
    }

    @Test func theKindsListedAreTheKindsTheDemoCollectionsWrite() throws {
        let scratch = try TemporaryFolder()
        let configuration = try Configuration.load(file: nil, directory: EvaluationEvidenceTests.repository)
        let pipeline = Pipeline(
            workspace: Workspace(home: scratch.url.appendingPathComponent("ws")), configuration: configuration,
            now: Timestamp.parse("2026-11-29T12:00:00Z")!)
        _ = try pipeline.workspace.create(at: pipeline.now, origin: pipeline.origin)
        _ = try pipeline.collect(InputGathering.items(for: configuration.sources, configuration: configuration))
        let records = try pipeline.evidence(RecordQuery())
        let listed = Dictionary(uniqueKeysWithValues: CollectorGuide.entries.map { ($0.collector, Set($0.kinds)) })
        // `vigil` itself writes the sources' runs (source.run); every other collector is in the guide.
        let collected = records.filter { $0.collector != "vigil" }
        #expect(records.contains { $0.collector == "vigil" && $0.kind == EvidenceKind.sourceRun })
        for (collector, kinds) in Dictionary(grouping: collected, by: \.collector).mapValues({ Set($0.map(\.kind)) }) {
            #expect(kinds.isSubset(of: listed[collector] ?? []), "\(collector) writes \(kinds.sorted()), the help lists \(listed[collector] ?? [])")
        }
        // Every kind written is in the one table of kinds, about the subject type the table gives it.
        for record in records {
            let info = EvidenceKind.info(record.kind)
            #expect(info != nil, "\(record.kind) is not in EvidenceKind.table")
            if let type = info?.subjectType { #expect(Subject.type(of: record.subject) == type, "\(record.kind) about \(record.subject)") }
        }
    }
}
