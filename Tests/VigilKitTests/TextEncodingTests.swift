import EvidenceModel
import Foundation
import Testing
import VigilTestSupport

@testable import VigilKit

/// A byte-order mark and invalid UTF-8 mean the same in `vigil.yaml`, control files and collector
/// inputs: the mark is skipped, a byte that is not UTF-8 is refused naming its offset (``UTF8Text``).
struct TextEncodingTests {
    private static let bom = Data(UTF8Text.byteOrderMark)

    private func folder() throws -> TemporaryFolder {
        try TemporaryFolder("vigil-utf8")
    }

    private static let control = """
        - id: RM-01
          title: Every risk acceptance has an owner
          severity: high
          evidence: risk.acceptance
          check: {type: expect, all: [{field: owner, exists: true}]}

        """

    @Test func configurationWithAByteOrderMarkIsRead() throws {
        let temporary = try folder()
        let url = temporary.url
        try (Self.bom + Data("workspace: ws\n".utf8)).write(to: url.appendingPathComponent("vigil.yaml"))
        #expect(try Configuration.load(file: nil, directory: url).workspace == "ws")
    }

    @Test func configurationWithInvalidUTF8IsRefusedNamingTheByte() throws {
        let temporary = try folder()
        let url = temporary.url
        try (Data("workspace: w".utf8) + Data([0xFF]) + Data("s\n".utf8)).write(to: url.appendingPathComponent("vigil.yaml"))
        do {
            _ = try Configuration.load(file: nil, directory: url)
            Issue.record("expected vigil.yaml to be refused")
        } catch {
            #expect(error.description == url.appendingPathComponent("vigil.yaml").path + ": byte 12: not UTF-8 text (binary file?)")
        }
    }

    @Test func controlFileWithAByteOrderMarkIsRead() throws {
        let temporary = try folder()
        let url = temporary.url
        try (Self.bom + Data(Self.control.utf8)).write(to: url.appendingPathComponent("risk.yaml"))
        let library = try ControlLibrary.load(from: url)
        #expect(library.issues.isEmpty, "\(library.issues)")
        #expect(library.controls.map(\.id) == ["RM-01"])
    }

    @Test func controlFileWithInvalidUTF8IsRefusedNamingTheByte() throws {
        let temporary = try folder()
        let url = temporary.url
        let bytes = Data(Self.control.replacingOccurrences(of: "an owner", with: "an ow_er").utf8)
        let offset = try #require(bytes.firstIndex(of: UInt8(ascii: "_")))
        var broken = bytes
        broken[offset] = 0xC3
        try broken.write(to: url.appendingPathComponent("risk.yaml"))
        do {
            _ = try ControlLibrary.load(from: url)
            Issue.record("expected the control file to be refused")
        } catch {
            #expect(error.description.hasSuffix("risk.yaml: byte \(offset): not UTF-8 text (binary file?)"), "\(error)")
        }
    }

    @Test func collectorInputFollowsTheSameRule() throws {
        let withMark = parsed(item(Self.bom + Data(#"{"Devices":[]}"#.utf8)))
        #expect(withMark.tally.rejected.isEmpty && withMark.raws.count == 1, "\(withMark.tally.rejected)")
        let invalid = parsed(item(Data(#"{"Devices":["#.utf8) + Data([0xFF])))
        guard let rejection = invalid.tally.rejected.first else { Issue.record("expected a rejection"); return }
        #expect(rejection == "in.json: byte 12: not UTF-8 text (binary file?)")
    }

    private func parsed(_ item: CollectItem) -> GatheringSink {
        var sink = GatheringSink(tally: CollectTally(now: Date(), skew: 300))
        CollectParsing.parse([item], now: Date(), into: &sink)
        return sink
    }

    private func item(_ bytes: Data) -> CollectItem {
        CollectItem(collector: "fwupd", name: "in.json", origin: "in.json", bytes: .success(bytes), subject: "host:a", observedAt: nil)
    }
}
