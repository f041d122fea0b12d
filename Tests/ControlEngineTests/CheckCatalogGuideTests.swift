import EvidenceModel
import Foundation
import Testing

@testable import ControlEngine

/// The check-type guide `vigil controls --help` prints: one entry per implemented type, and every
/// example is a `check:` line the loader accepts as it is.
struct CheckCatalogGuideTests {
    @Test func everyImplementedTypeHasAGuideEntryAndNothingElseDoes() {
        #expect(CheckGuide.entries.map(\.type).sorted() == CheckCatalog.supportedTypes)
    }

    @Test func everyExampleLoadsWithoutAProblem() {
        for entry in CheckGuide.entries {
            let yaml = """
                - id: X-1
                  title: Example
                  severity: low
                  evidence: firmware.device
                  \(entry.example)
                """
            let loaded = ControlLoader.load(yaml: yaml, file: "example.yaml", readFile: { _, _ in .success(Data("[]".utf8)) })
            #expect(loaded.issues.isEmpty && loaded.controls.count == 1, "\(entry.type): \(loaded.issues)")
            #expect(loaded.controls.first?.check.type == entry.type)
        }
    }
}
