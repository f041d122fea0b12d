import EvidenceModel
import Foundation
import Testing

@testable import ControlEngine

/// The shipped framework catalogues: embedded as Frameworks/ holds them, every file read, every
/// identifier the shipped controls use known; coverage names what nothing covers.
struct FrameworkCatalogueTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func theEmbeddedCataloguesAreFrameworksFilesAndAllRead() throws {
        let folder = Self.repository.appendingPathComponent("Frameworks")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(FrameworkCatalogues.files.map(\.name) == names)
        for file in FrameworkCatalogues.files {
            let bytes = try Data(contentsOf: folder.appendingPathComponent(file.name))
            #expect(Data(file.text.utf8) == bytes, "\(file.name) differs: run python3 Scripts/embed-files.py")
        }
        #expect(FrameworkCatalogues.shipped.count == names.count, "every catalogue reads")
        #expect(
            Set(FrameworkCatalogues.shipped.map(\.framework)) == ["nis2", "soc2", "iso27001-2022", "cabf-tls-br", "nist-sp800-193", "pci-dss-4.0"])
        #expect(FrameworkCatalogues.named("nis2")?.requirements.map(\.id).first == "21.2(a)")
        #expect(FrameworkCatalogues.named("nis2")?.requirements.count == 10)
        #expect(FrameworkCatalogues.named("iso27001-2022")?.requirements.filter { $0.id.hasPrefix("A.") }.count == 93)
    }

    @Test func theShippedControlsMapOnlyToKnownRequirements() throws {
        let folder = Self.repository.appendingPathComponent("Controls")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }.sorted()
        let files = try names.map { (name: $0, yaml: try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8)) }
        let library = ControlLoader.lint(files: files, readFile: { _, _ in .success(Data("{\"vulns\": []}".utf8)) })
        #expect(library.controls.count == 18)
        #expect(FrameworkCatalogues.warnings(for: library.controls).isEmpty)
    }

    @Test func anUnknownIdentifierIsALintWarningNamingControlAndField() {
        let control = Control(
            id: "X-1", title: "t", severity: .low, frameworks: ["nis2": ["21.2(a)", "21.2(k)"], "house-rules": ["7"]],
            evidence: ["asset"], check: CheckSpec(type: "expect", parameters: [:]), file: "Controls/x.yaml")
        let warnings = FrameworkCatalogues.warnings(for: [control])
        #expect(warnings.count == 1, "a framework without a shipped catalogue is not checked")
        #expect(warnings.first?.description.hasPrefix("Controls/x.yaml: control X-1: field 'frameworks.nis2': '21.2(k)' is not a requirement of NIS2") == true)
    }

    @Test func aCatalogueEntryWithAStrayKeyIsRefused() {
        let text = "framework: f\ntitle: F\nrequirements:\n  - {id: A, title: one, two}\n"
        #expect(throws: FrameworkCatalogues.Problem.self) { try FrameworkCatalogues.parse(text, file: "f.yaml") }
    }

    @Test func coverageGivesEachRequirementItsControlsAndTheWorstStatus() throws {
        let catalogue = try #require(FrameworkCatalogues.named("nis2"))
        let controls = [
            ControlResult(
                id: "A", title: "a", severity: .low, frameworks: ["nis2": ["21.2(a)", "21.2(z)"]],
                results: [SubjectResult(subject: "host:x", status: .pass, reason: "")]),
            ControlResult(
                id: "B", title: "b", severity: .low, frameworks: ["nis2": ["21.2(a)"]],
                results: [SubjectResult(subject: "host:x", status: .fail, reason: "")]),
        ]
        let coverage = FrameworkCoverage(catalogue: catalogue, controls: controls)
        #expect(coverage.rows.first?.controls.map(\.id) == ["A", "B"])
        #expect(coverage.rows.first?.status == .fail)
        #expect(coverage.uncovered.count == 9)
        #expect(coverage.unknown.map(\.id) == ["21.2(z)"] && coverage.unknown.first?.controls == ["A"])
    }
}
