import EvidenceModel
import EvidenceStore
import Foundation
import MerkleLog

func instant(_ text: String) -> Date { Timestamp.parse(text) ?? .distantPast }

func sampleRecord(
    subject: String = "host:web-01", version: String = "1.0", at time: String = "2026-11-20T06:00:00Z",
    raw: Data = Data("raw".utf8)
) -> EvidenceRecord {
    EvidenceRecord(
        kind: "firmware.device", subject: subject, observedAt: instant(time), collector: "fwupd", origin: .observed,
        source: EvidenceSource(name: "web-01.json", sha256: SHA256Hex.of(raw)),
        data: ["DeviceId": "abc", "Version": .string(version), "Flags": ["updatable"]])
}

/// A signing setup with a fresh key, as `vigil init` makes one.
let testSigning: LogSigning = {
    guard let key = try? NoteSignerKey.generate(name: "test.example/log") else { preconditionFailure("key generation") }
    return LogSigning(origin: "test.example/log", keys: [key])
}()
