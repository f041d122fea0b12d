import Collectors
import ControlEngine
import EvidenceModel
import Foundation
import Testing

/// Follows `docs/extending.md`: the code it quotes still stands in the files it names, and its
/// example control, input and verdict are what Vigil collects and judges.
struct ExtensionGuideTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A fenced block of the guide and the `<!-- guide:… -->` marker just before it.
    struct Block {
        let marker: [String]
        let text: String
    }

    static func blocks() throws -> [Block] {
        let guide = try String(contentsOf: repository.appendingPathComponent("docs/extending.md"), encoding: .utf8)
        var blocks: [Block] = []
        var marker: [String]?
        var body: [Substring]?
        for line in guide.split(separator: "\n", omittingEmptySubsequences: false) {
            if var open = body {
                if line == "```" {
                    if let marker { blocks.append(Block(marker: marker, text: open.joined(separator: "\n"))) }
                    body = nil
                    marker = nil
                } else {
                    open.append(line)
                    body = open
                }
            } else if line.hasPrefix("<!-- guide:"), line.hasSuffix(" -->") {
                marker = line.dropFirst("<!-- guide:".count).dropLast(" -->".count).split(separator: " ").map(String.init)
            } else if line.hasPrefix("```") {
                body = []
            } else if !line.isEmpty {
                marker = nil
            }
        }
        return blocks
    }

    @Test func everyQuotedBlockStandsInTheFileItNames() throws {
        let quoted = try Self.blocks().filter { $0.marker.first == "from" }
        #expect(quoted.count >= 8)
        for block in quoted {
            let path = try #require(block.marker.dropFirst().first)
            let source = try String(contentsOf: Self.repository.appendingPathComponent(path), encoding: .utf8)
            let stands = source.contains(block.text + "\n")
            #expect(stands, "docs/extending.md quotes from \(path) what it no longer holds:\n\(block.text)")
        }
    }

    /// The guide's control, collected input and verdict, through the registry and the catalogue the
    /// guide says to add to.
    @Test func theExampleIsCollectedAndJudgedAsTheGuideSays() throws {
        let blocks = try Self.blocks()
        let controlYAML = try #require(blocks.first { $0.marker == ["control"] })
        let input = try #require(blocks.first { $0.marker.first == "input" })
        let verdict = try #require(blocks.first { $0.marker.first == "verdict" })
        let loaded = ControlLoader.load(yaml: controlYAML.text, file: "guide.yaml")
        #expect(loaded.issues.isEmpty)
        let collector = try #require(CollectorRegistry.collector(named: input.marker[1]))
        let observedAt = try #require(Timestamp.parse("2026-11-20T06:00:00Z"))
        let records = try collector.records(
            from: CollectorInput(fileName: "devices.json", bytes: Data(input.text.utf8), subject: input.marker[2], observedAt: observedAt))
        let run = Evaluator(controls: loaded.controls).evaluate(records: records, at: observedAt.addingTimeInterval(3_600), checkpoint: nil)
        let result = try #require(run.controls.first?.results.first)
        #expect(result.subject == input.marker[2])
        #expect(result.status.rawValue == verdict.marker[1])
        #expect(result.reason == verdict.text)
    }
}
