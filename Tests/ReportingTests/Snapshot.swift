import Foundation
import Testing

/// Compares a rendered report with its reviewed snapshot. On a mismatch the actual text is written to
/// a temporary file named in the failure, so the change can be diffed, reviewed and copied in.
enum Snapshot {
    static func expect(_ actual: String, equals expected: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
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
}
