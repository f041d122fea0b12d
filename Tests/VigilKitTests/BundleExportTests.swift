import EvidenceBundle
import EvidenceModel
import Foundation
import Testing
import VigilTestSupport

@testable import VigilKit

/// `bundle export` through the pipeline: a bundle over the size `bundle verify` reads is refused, and
/// nothing is left where it would have gone.
@Suite(.serialized)
struct BundleExportTests {
    static let now = Timestamp.parse("2026-11-29T12:00:00Z")!

    private func pipeline(_ scratch: TemporaryFolder) throws -> Pipeline {
        let configuration = try Configuration.load(file: nil, directory: EvaluationEvidenceTests.repository)
        let pipeline = Pipeline(
            workspace: Workspace(home: scratch.url.appendingPathComponent("ws")), configuration: configuration, now: Self.now)
        _ = try pipeline.workspace.create(at: pipeline.now, origin: pipeline.origin)
        let device = try Data(contentsOf: EvaluationEvidenceTests.repository.appendingPathComponent("Evidence/firmware/web-01.devices.json"))
        _ = try pipeline.collect([
            CollectItem(
                collector: "fwupd", name: "web-01.devices.json", origin: "test", bytes: .success(device), subject: "host:web-01",
                observedAt: Self.now)
        ])
        return pipeline
    }

    @Test func aBundleOverTheLimitIsRefusedAndNothingIsWritten() throws {
        let scratch = try TemporaryFolder()
        let pipeline = try pipeline(scratch)
        let controls = EvaluationEvidenceTests.repository.appendingPathComponent("Controls")
        let selection = BundleSelection(subjects: ["host:web-01"])
        let output = scratch.url.appendingPathComponent("b.zip")
        let written = try pipeline.exportBundle(selection, controlsDirectory: controls, to: output, named: "b.zip")
        #expect(written.records > 0)
        let bundle = try Data(contentsOf: output)
        try FileManager.default.removeItem(at: output)
        // Its records alone over the limit: refused while they are read, naming the limit and the way out.
        #expect {
            try pipeline.exportBundle(selection, controlsDirectory: controls, to: output, named: "b.zip", sizeLimit: 10)
        } throws: { error in
            guard case .usage(let reason) = error as? VigilError else { return false }
            return reason.contains("over the 10-byte limit `bundle verify` reads") && reason.contains("--control or --subject")
        }
        // Over by its zip's headers only: refused as it is written.
        #expect(throws: VigilError.self) {
            try pipeline.exportBundle(selection, controlsDirectory: controls, to: output, named: "b.zip", sizeLimit: bundle.count - 1)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.url.path) == ["ws"])
    }
}
