import EvidenceModel
import Foundation
import MerkleLog
import VigilTestSupport

@testable import EvidenceStore

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

/// A session of `count` records over `subjects` subjects in commits of `perCommit`, in a new store.
func chainedSession(
    _ count: Int, subjects: Int, perCommit: Int, in dir: TemporaryFolder
) throws -> (store: EvidenceStore, result: SessionResult) {
    let store = try EvidenceStore.create(at: dir.url.appendingPathComponent("store"), at: instant("2026-11-01T00:00:00Z"), signing: testSigning)
    var session = try AppendSession(store: store, signing: testSigning, at: instant("2026-11-02T00:00:00Z"), recordsPerCommit: perCommit)
    session.beginInput(raw: Data("raw".utf8))
    try session.add((0..<count).map { sampleRecord(subject: "host:h\($0 % subjects)", version: "\($0)", at: "2026-11-01T06:00:00Z") })
    return (store, try session.finish(message: "run\n"))
}

/// A signing setup with a fresh key, as `vigil init` makes one.
let testSigning: LogSigning = {
    guard let key = try? NoteSignerKey.generate(name: "test.example/log") else { preconditionFailure("key generation") }
    return LogSigning(origin: "test.example/log", keys: [key])
}()

extension EvidenceStore {
    /// Every record as of `commit` (HEAD when nil), subject by subject in name order, each subject's
    /// in log order: read through a snapshot, as the commands read them.
    func records(at commit: StoreCommit? = nil) throws(StoreError) -> [EvidenceRecord] {
        let head = try head()
        guard let commit = commit ?? head else { return [] }
        let snapshot = try StoreSnapshot(store: self, commit: commit)
        var records: [EvidenceRecord] = []
        for subject in try snapshot.subjects.names() {
            records += try snapshot.records(of: subject, ids: try snapshot.entries(of: subject)[...])
        }
        return records
    }
}
