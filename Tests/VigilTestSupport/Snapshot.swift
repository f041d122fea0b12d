import Foundation
import Testing

/// Compares rendered text with its reviewed snapshot: the one snapshot helper. On a mismatch the
/// failure names the first differing line and the actual text is written to a temporary file, so the
/// change can be diffed, reviewed and copied in.
public enum Snapshot {
    /// Against a snapshot held in the test itself.
    public static func expect(_ actual: String, equals expected: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        guard actual != expected else { return }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-snapshot-\(name)")
        try? Data(actual.utf8).write(to: file)
        let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let firstDifference = zip(actualLines, expectedLines).enumerated().first { $0.element.0 != $0.element.1 }
        let at =
            firstDifference.map { "line \($0.offset + 1):\n  got      \($0.element.0)\n  expected \($0.element.1)" }
            ?? "lengths differ (\(actualLines.count) vs \(expectedLines.count) lines)"
        Issue.record("\(name) differs from its snapshot at \(at)\nactual written to \(file.path)", sourceLocation: sourceLocation)
    }

    /// Against a snapshot file next to the tests (after argument-parser's `assertSnapshot`), or its
    /// copy bundled with the tests when the source tree is not at hand; `RECORD_SNAPSHOTS=1` writes
    /// the file instead.
    public static func expect(_ actual: String, file: URL, bundled: URL?, sourceLocation: SourceLocation = #_sourceLocation) {
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] != nil {
            try? FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? Data(actual.utf8).write(to: file)
            return
        }
        let stored = FileManager.default.contents(atPath: file.path) ?? bundled.flatMap { FileManager.default.contents(atPath: $0.path) }
        guard let stored else {
            Issue.record("no snapshot \(file.path): run with RECORD_SNAPSHOTS=1", sourceLocation: sourceLocation)
            return
        }
        expect(actual, equals: String(decoding: stored, as: UTF8.self), file.lastPathComponent, sourceLocation: sourceLocation)
    }
}
