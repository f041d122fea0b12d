import EvidenceModel
import Foundation
import Testing
import VigilTestSupport

@testable import EvidenceStore

/// A large commit is staged on two threads (``StagingLane``): the store it makes is the one a single
/// thread makes, commit for commit, and its log verifies.
struct StagingLaneTests {
    /// The same appends into a store staging on one thread and one staging in waves of `wave`
    /// subjects; each commit's id, which names its whole tree, the signed checkpoint among it.
    static func commits(wave: Int, bytes: Int = 64 << 20, in dir: TemporaryFolder, name: String) throws -> (EvidenceStore, [String]) {
        let store = try EvidenceStore.create(
            at: dir.url.appendingPathComponent(name), at: instant("2026-11-01T00:00:00Z"), signing: testSigning)
        store.subjectsPerLaneWave = wave
        store.bytesPerLaneWave = bytes
        var random = SeededRandom(seed: 15)
        var heads: [String] = []
        for commit in 0..<4 {
            // Subjects new and old, several records a subject, records repeated within a commit and
            // from an earlier one, and raw inputs new and repeated.
            let records = (0..<60).map { n in
                let subject = "host:h\(random.next() % 40)"
                let version = n % 7 == 0 ? "repeated" : "\(commit)-\(random.next() % 1_000)"
                return sampleRecord(subject: subject, version: version, at: "2026-11-0\(commit + 2)T06:00:00Z", raw: Data("raw \(commit % 2)".utf8))
            }
            let result = try store.append(
                records: records, rawInputs: [Data("raw \(commit % 2)".utf8)], message: "commit \(commit)\n",
                at: instant("2026-11-0\(commit + 2)T07:00:00Z"), signing: testSigning)
            heads.append(try #require(result.commit).id.hex)
        }
        return (store, heads)
    }

    /// Waves of 1, 2 and 7 subjects, and of 7 that end after each subject's first byte (a wave holding
    /// too many bytes ends early: subjects with long `entries` files are not held by the thousand).
    @Test(arguments: [(1, 64 << 20), (2, 64 << 20), (7, 64 << 20), (7, 1)])
    func aCommitStagedInWavesIsTheCommitStagedOnOneThread(wave: Int, bytes: Int) throws {
        let dir = try TemporaryFolder()
        let (_, oneThread) = try Self.commits(wave: 4_096, in: dir, name: "one")
        let (store, waves) = try Self.commits(wave: wave, bytes: bytes, in: dir, name: "waves")
        #expect(waves == oneThread)
        let verified = try store.verifyLog(trusting: testSigning.keys.map(\.verifierKey))
        #expect(verified.records > 100)
        let fsck = try runGit(["-C", store.path.path, "fsck", "--strict", "--no-dangling"])
        #expect(fsck.status == 0, "\(fsck.output)")
    }

    /// A wave ends at its count of subjects, or once it holds its bytes (at the end of a subject).
    @Test func aWaveEndsAtItsSubjectsOrItsBytes() throws {
        let dir = try TemporaryFolder()
        let store = try EvidenceStore.create(at: dir.url.appendingPathComponent("s"), at: instant("2026-11-01T00:00:00Z"), signing: testSigning)
        let records = (0..<5).map { sampleRecord(subject: "host:h\($0)") }
        let subjects = records.enumerated().map { (subject: $0.element.subject, positions: [$0.offset]) }
        let staging = SubjectStaging(records: records, listing: true, hashingLeaves: true)
        func staged(_ wave: (subjects: Int, bytes: Int)) throws -> Int {
            let lane = try StagingLane(storePath: store.path.path, parentTree: nil, staging: staging, wave: wave)
            return try lane.stage(subjects[...]).get().subjects.count
        }
        #expect(try staged((7, 64 << 20)) == 5)
        #expect(try staged((2, 64 << 20)) == 2)
        #expect(try staged((7, 1)) == 1)
    }

    /// Nothing new: no commit, whether staged in waves or not.
    @Test func aCommitOfNothingNewIsNoCommitInWaves() throws {
        let dir = try TemporaryFolder()
        let store = try EvidenceStore.create(at: dir.url.appendingPathComponent("s"), at: instant("2026-11-01T00:00:00Z"), signing: testSigning)
        store.subjectsPerLaneWave = 1
        let records = (0..<5).map { sampleRecord(subject: "host:h\($0)") }
        let first = try store.append(records: records, rawInputs: [Data("raw".utf8)], message: "1\n", at: instant("2026-11-02T00:00:00Z"), signing: testSigning)
        #expect(first.added.count == 5)
        let again = try store.append(records: records, rawInputs: [Data("raw".utf8)], message: "2\n", at: instant("2026-11-03T00:00:00Z"), signing: testSigning)
        #expect(again.commit == nil && again.alreadyStored == 5)
    }
}
