import EvidenceModel
import EvidenceStore
import Foundation
import MerkleLog

/// A fresh folder under the system temporary directory, removed when the test drops it.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}

func instant(_ text: String) -> Date { Timestamp.parse(text) ?? .distantPast }

/// `count` bytes that barely compress, the same for the same seed (a linear congruential generator).
func seededBytes(_ count: Int, seed: UInt64) -> [UInt8] {
    var state = seed
    return (0..<count).map { _ in
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return UInt8(truncatingIfNeeded: state >> 56)
    }
}

func sampleRecord(
    subject: String = "host:web-01", version: String = "1.0", at time: String = "2026-11-20T06:00:00Z",
    raw: Data = Data("raw".utf8)
) -> EvidenceRecord {
    EvidenceRecord(
        kind: "firmware.device", subject: subject, observedAt: instant(time), collector: "fwupd", origin: .observed,
        source: EvidenceSource(name: "web-01.json", sha256: SHA256Hex.of(raw)),
        data: ["DeviceId": "abc", "Version": .string(version), "Flags": ["updatable"]])
}

/// Runs the git command-line tool (only tests do this: the store itself uses libgit2) and returns its status and output.
func runGit(_ arguments: [String], environment: [String: String] = [:], input: URL? = nil) throws -> (status: Int32, output: String) {
    let process = Process()
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
    process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
    process.arguments = arguments
    if let input { process.standardInput = try FileHandle(forReadingFrom: input) }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: output, as: UTF8.self))
}

/// A signing setup with a fresh key, as `vigil init` makes one.
let testSigning: LogSigning = {
    guard let key = try? NoteSignerKey.generate(name: "test.example/log") else { preconditionFailure("key generation") }
    return LogSigning(origin: "test.example/log", keys: [key])
}()
