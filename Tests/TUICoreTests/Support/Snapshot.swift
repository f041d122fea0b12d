import Foundation
import Testing

/// Compares `actual` with `Snapshots/<name>.screen`; `RECORD_SNAPSHOTS=1` writes it instead.
///
/// After argument-parser's `assertSnapshot`: the files sit next to the tests, in the source tree,
/// and are also copied into the test bundle as a resource.
func assertSnapshot(_ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Snapshots")
    let file = folder.appendingPathComponent("\(name).screen")
    if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] != nil {
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try? Data(actual.utf8).write(to: file)
        return
    }
    let bundled = Bundle.module.url(forResource: name, withExtension: "screen", subdirectory: "Snapshots")
    guard let data = FileManager.default.contents(atPath: file.path) ?? bundled.flatMap({ FileManager.default.contents(atPath: $0.path) }) else {
        Issue.record("no snapshot \(file.path): run with RECORD_SNAPSHOTS=1", sourceLocation: sourceLocation)
        return
    }
    let expected = String(decoding: data, as: UTF8.self)
    #expect(actual == expected, "screen differs from \(name).screen:\n\(actual)", sourceLocation: sourceLocation)
}
