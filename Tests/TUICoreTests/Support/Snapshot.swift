import Foundation
import Testing
import VigilTestSupport

/// Compares `actual` with `Snapshots/<name>.screen` (``Snapshot/expect(_:file:bundled:sourceLocation:)``);
/// `RECORD_SNAPSHOTS=1` writes it instead. The files sit next to the tests, in the source tree, and are
/// also copied into the test bundle as a resource.
func assertSnapshot(_ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Snapshots")
    Snapshot.expect(
        actual, file: folder.appendingPathComponent("\(name).screen"),
        bundled: Bundle.module.url(forResource: name, withExtension: "screen", subdirectory: "Snapshots"), sourceLocation: sourceLocation)
}
