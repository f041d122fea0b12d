import Foundation
import Testing
import VigilTestSupport

@testable import VigilKit

/// The starter library `vigil init` writes is the shipped Controls/, byte for byte
/// (regenerate with `python3 Scripts/embed-files.py`).
struct StarterLibraryTests {
    @Test func theEmbeddedControlsAreTheShippedOnes() throws {
        let folder = EvaluationEvidenceTests.repository.appendingPathComponent("Controls")
        let shipped = try FileManager.default.subpathsOfDirectory(atPath: folder.path).filter { path in
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: folder.appendingPathComponent(path).path, isDirectory: &isFolder) && !isFolder.boolValue
        }.sorted()
        #expect(StarterLibrary.controls.map(\.path) == shipped)
        for file in StarterLibrary.controls {
            let bytes = try Data(contentsOf: folder.appendingPathComponent(file.path))
            #expect(Data(file.text.utf8) == bytes, "\(file.path) differs: run python3 Scripts/embed-files.py")
        }
    }

    @Test func theConfigurationTemplateLoadsAsTheDefaults() throws {
        let folder = try TemporaryFolder()
        let written = try StarterLibrary.write(
            configurationAt: folder.url.appendingPathComponent("vigil.yaml"),
            controlsFolder: folder.url.appendingPathComponent("Controls"), controls: .none)
        #expect(written.count == 1)
        let configuration = try Configuration.load(file: nil, directory: folder.url)
        #expect(configuration.sources.isEmpty)
        #expect(configuration.controls == (try Configuration.load(file: nil, directory: URL(fileURLWithPath: "/nonexistent"))).controls)
    }
}
