import EvidenceModel
import EvidenceStore
import Foundation
import Testing

@testable import VigilKit

/// The sequencer's pure part: which collected records are taken, in which order, and why one is not.
struct SequenceBatchTests {
    static let now = Date(timeIntervalSince1970: 1_796_000_000)
    static let raw = Data("inventory bytes".utf8)

    static func record(_ subject: String, raw: Data = raw, at offset: TimeInterval = -3_600) -> EvidenceRecord {
        EvidenceRecord(
            kind: "asset", subject: subject, observedAt: now.addingTimeInterval(offset), collector: "assets",
            origin: .declared, source: EvidenceSource(name: "inventory.yaml", sha256: SHA256Hex.of(raw)), data: [:])
    }

    static func file(_ record: EvidenceRecord, bytes: Data? = nil) -> CollectedFile {
        CollectedFile(path: StoreLayout.recordPath(subject: record.subject, id: record.id), bytes: bytes ?? record.canonicalData)
    }

    static func commit(_ branch: String, _ files: [CollectedFile], raws: [String: Data]? = nil) -> CollectedCommit {
        CollectedCommit(
            branch: branch, commit: String(repeating: "1", count: 40),
            files: files.map { ($0, CollectedRecordRejection.record(from: $0)) },
            rawInputs: raws ?? [SHA256Hex.of(raw): raw])
    }

    @Test func recordsAreTakenInTheOrderOfferedAndARecordSeenTwiceIsTakenOnce() {
        var batch = SequenceBatch(now: Self.now, clockSkew: 300)
        let a = Self.record("host:a"), b = Self.record("host:b"), c = Self.record("host:c")
        batch.admit(Self.commit("one", [Self.file(b), Self.file(a)]))
        batch.admit(Self.commit("two", [Self.file(a), Self.file(c)]))
        #expect(batch.records.map(\.subject) == ["host:b", "host:a", "host:c"])
        #expect(batch.rawInputs == [Self.raw])
        #expect(batch.offeredBy[a.id] == "one")
        #expect(batch.tallies["two"] == SequenceBatch.Tally(verified: 1, repeated: 1, rejected: 0))
        let tallies = Pipeline.tallies(batch, branches: ["one", "two"], added: [b, c])
        #expect(tallies.map(\.sequenced) == [1, 1])
        #expect(tallies.map(\.duplicates) == [1, 1], "a was already in the log; two offered it again")
    }

    @Test func bytesThatDoNotHashToTheirIdAreRejectedWithBranchAndCommit() {
        var batch = SequenceBatch(now: Self.now, clockSkew: 300)
        let a = Self.record("host:a")
        batch.admit(Self.commit("one", [Self.file(a, bytes: a.canonicalData + Data(" ".utf8)), Self.file(Self.record("host:b"))]))
        #expect(batch.records.map(\.subject) == ["host:b"])
        #expect(batch.rejections.count == 1)
        #expect(batch.rejections[0].hasPrefix("collect/one commit \(String(repeating: "1", count: 40)): \(Self.file(a).path): its bytes hash to"))
    }

    @Test func aMissingOrMisnamedRawInputAndARecordAheadOfTheClockAreRejected() {
        let missing = Self.record("host:a", raw: Data("elsewhere".utf8))
        let ahead = Self.record("host:b", at: 3_600)
        var batch = SequenceBatch(now: Self.now, clockSkew: 300)
        batch.admit(Self.commit("one", [Self.file(missing), Self.file(ahead)]))
        #expect(batch.records.isEmpty)
        #expect(batch.rejections[0].contains("is not on the branch"))
        #expect(batch.rejections[1].contains("ahead of this host's clock"))

        var misnamed = SequenceBatch(now: Self.now, clockSkew: 300)
        misnamed.admit(Self.commit("one", [Self.file(Self.record("host:c"))], raws: [SHA256Hex.of(Self.raw): Data("other".utf8)]))
        #expect(misnamed.rejections.first?.contains("does not hash to its name") == true)
    }

    @Test func aRecordInAnotherSubjectsFolderOrNotCanonicalIsRejected() {
        let a = Self.record("host:a")
        let moved = CollectedFile(path: StoreLayout.recordPath(subject: "host:z", id: a.id), bytes: a.canonicalData)
        #expect(CollectedRecordRejection.record(from: moved) == .failure(.init("stored outside the folder of its subject")))
        let spaced = Data(String(decoding: a.canonicalData, as: UTF8.self).replacingOccurrences(of: ",", with: ", ").utf8)
        let loose = CollectedFile(path: StoreLayout.recordPath(subject: a.subject, id: SHA256Hex.of(spaced)), bytes: spaced)
        #expect(CollectedRecordRejection.record(from: loose) == .failure(.init("not in canonical form")))
    }
}
