import EvidenceModel
import Foundation
import Testing

/// Framework coverage on the built binary and the shipped demo: `vigil controls coverage` lists every
/// requirement with its controls and marks what nothing covers; `check --framework` groups the report
/// by requirement; lint warns of an identifier the catalogue does not know.
struct FrameworkCoverageTests {
    static let at = "2026-11-29T12:00:00Z"

    @Test func theDemoLeavesNIS2SupplyChainSecurityUncovered() throws {
        let scratch = try Scratch()
        let home = scratch.url.appendingPathComponent("ws").path
        let repository = ShippedDemoTests.repository
        #expect(try VigilBinary.run(["audit", "--at", Self.at, "--home", home, "--quiet"], in: repository).status == 1)
        let run = try VigilBinary.run(
            ["controls", "coverage", "--framework", "nis2", "--at", Self.at, "--home", home, "--format", "json"], in: repository)
        #expect(run.status == 1, "an uncovered requirement exits 1: \(run.stderr)")
        let json = try JSONValue.parse(Data(run.stdout.utf8))
        let requirements = json["requirements"]?.arrayValue ?? []
        #expect(requirements.count == 10 && json["uncovered"] == 3)
        let supplyChain = requirements.first { $0["id"] == "21.2(d)" }
        #expect(supplyChain?["status"] == "uncovered" && supplyChain?["controls"] == [])
        let incidents = requirements.first { $0["id"] == "21.2(b)" }
        #expect(incidents?["controls"]?.arrayValue?.map { $0["id"] } == ["DOC-01"])
        #expect(incidents?["status"] == "fail", "the incident response plan's review is overdue")

        let text = try VigilBinary.run(["controls", "coverage", "--framework", "nis2", "--at", Self.at, "--home", home], in: repository)
        #expect(text.stdout.contains("? UNCOVERED   21.2(d)  supply chain security"), "\(text.stdout)")

        let check = try VigilBinary.run(
            ["check", "--framework", "soc2", "--at", Self.at, "--home", home, "--format", "json"], in: repository)
        let grouped = try JSONValue.parse(Data(check.stdout.utf8))["framework"]
        #expect(grouped?["framework"] == "soc2" && grouped?["requirements"]?.arrayValue?.count == 36)
        let plain = try VigilBinary.run(["check", "--framework", "nis2", "--at", Self.at, "--home", home], in: repository)
        #expect(plain.stdout.contains("By requirement: NIS2 Directive (EU) 2022/2555, Article 21(2): 7 of 10 requirements covered"))
    }

    @Test func anUnknownFrameworkOrIdentifierIsSaid() throws {
        let scratch = try Scratch()
        try scratch.write(
            "Controls/c.yaml",
            Fixtures.controls.replacingOccurrences(of: "frameworks: {soc2: [CC7.1]", with: "frameworks: {soc2: [CC7.1, CC7.9]"))
        #expect(try scratch.vigil(["init", "--controls", "none"]).status == 0)
        let lint = try scratch.vigil(["controls", "lint"])
        #expect(lint.status == 0, "a warning, not an error: \(lint.stdout)\(lint.stderr)")
        #expect(lint.stdout.contains("warning: Controls/c.yaml: control FW-01: field 'frameworks.soc2': 'CC7.9' is not a requirement"), "\(lint.stdout)")
        let unknown = try scratch.vigil(["controls", "coverage", "--framework", "nist-csf"])
        #expect(unknown.status == 2 && unknown.stderr.contains("no catalogue of 'nist-csf' is shipped (known: cabf-tls-br"), "\(unknown.stderr)")
    }
}
