import ControlEngine
import Crypto
import EvidenceModel
import EvidenceStore
import Foundation
import MerkleLog
import Reporting
import Testing
import VigilTestSupport

@testable import VigilKit

/// A re-check at the same instant judges only the subjects whose evidence changed, and reports what a
/// check judging every subject reports.
@Suite(.serialized)
struct RecheckTests {
    typealias Random = EvaluationEvidenceRandomStoreTests

    /// After every commit of a random store (inventories and risk registers that change, events,
    /// evidence backfilled before and after the instants), a re-check from the last check's memory at
    /// each instant equals a check from nothing, sliced two subjects at a time; some re-check judges
    /// fewer subjects than there are.
    @Test(arguments: [1, 2, 3, 4, 5, 6])
    func aRecheckAfterEachCommitEqualsACheckFromNothing(seed: UInt64) throws {
        var random = Random.Generator(state: seed)
        let scratch = try TemporaryFolder()
        let signing = LogSigning(origin: "test.vigil.example/log", keys: [try NoteSignerKey.generate(name: "test.vigil.example/log")])
        let store = try EvidenceStore.create(at: scratch.url.appendingPathComponent("store"), at: Random.base, signing: signing)
        let index = try EvidenceIndex(path: scratch.url.appendingPathComponent("index.sqlite"))
        let evaluator = Evaluator(controls: Random.controls)
        let day = 86_400.0
        // (instant, known at): known-at bounds what was logged by then, so a later commit changes nothing.
        let checks: [(Date, Date?)] = [
            (Random.base.addingTimeInterval(2 * day), nil), (Random.base.addingTimeInterval(5 * day), nil),
            (Random.base.addingTimeInterval(9 * day), nil), (Random.base.addingTimeInterval(20 * day), nil),
            (Random.base.addingTimeInterval(9 * day), Random.base.addingTimeInterval(5 * 3_600)),
        ]
        var memories: [RecheckMemory?] = Array(repeating: nil, count: checks.count)
        var reused = false
        for commit in 0..<12 {
            let records = Random.randomCommit(commit, using: &random)
            guard !records.isEmpty else { continue }
            _ = try store.append(
                records: records, rawInputs: [], message: "run \(commit)\n",
                at: Random.base.addingTimeInterval(Double(commit) * 3_600), signing: signing)
            try index.sync(with: store)
            for (position, (instant, knownAt)) in checks.enumerated() {
                let full = try #require(
                    try EvaluationEvidence.evaluateSliced(
                        evaluator, at: instant, knownAt: knownAt, in: index, checkpoint: nil, subjectsPerSlice: 2))
                let again = try #require(
                    try EvaluationEvidence.evaluateSliced(
                        evaluator, at: instant, knownAt: knownAt, in: index, checkpoint: nil, subjectsPerSlice: 2,
                        recheck: .init(previous: memories[position])))
                #expect(
                    again.result == full.result,
                    "commit \(commit), check \(position)")
                // The same re-check with every verdict spooled: the kept and judged runs merged from the file.
                let spooled = try #require(
                    try EvaluationEvidence.evaluateSliced(
                        evaluator, at: instant, knownAt: knownAt, in: index, checkpoint: nil, subjectsPerSlice: 2,
                        recheck: .init(previous: memories[position]), spool: ResultSpool(in: scratch.url, holding: 0, pieceSize: 1)))
                #expect(spooled.result == full.result, "commit \(commit), check \(position), spooled")
                #expect(full.memory == nil)
                // No memory: nothing changed since the last, which stays.
                let memory = try #require(try again.memory?.decoded() ?? memories[position])
                #expect(again.memory != nil || again.judgedSubjects == 0)
                #expect(try RecheckMemory(decoding: memory.encoded()) == memory)
                // What a re-check remembers, the last memory merged with what it judged again, is what a
                // check from nothing remembers: no subject lost, none kept that is gone.
                let fromNothing = try #require(
                    try EvaluationEvidence.evaluateSliced(
                        evaluator, at: instant, knownAt: knownAt, in: index, checkpoint: nil, subjectsPerSlice: 3,
                        recheck: .init(previous: nil)))
                #expect(try fromNothing.memory?.decoded() == memory, "commit \(commit), check \(position)")
                reused = reused || again.judgedSubjects < memory.subjects.count
                memories[position] = memory
                // A memory of rows this index does not hold (another index's): the selection is read
                // whole again, each subject's rows compared, to the same result.
                var foreign = memory
                foreign.through = (memory.through ?? 0) + 1_000
                let again2 = try #require(
                    try EvaluationEvidence.evaluateSliced(
                        evaluator, at: instant, knownAt: knownAt, in: index, checkpoint: nil, subjectsPerSlice: 2,
                        recheck: .init(previous: foreign)))
                #expect(again2.result == full.result)
                #expect(try again2.memory?.decoded()?.through == memory.through, "remembered through the index's own newest row")
                // A memory whose shared rows hold other records than it names (an index numbered
                // otherwise): nothing of it is kept, to the same result.
                if let first = memory.shared.first {
                    var renumbered = memory
                    renumbered.shared[0] = first == 1 ? 2 : 1
                    let again3 = try #require(
                        try EvaluationEvidence.evaluateSliced(
                            evaluator, at: instant, knownAt: knownAt, in: index, checkpoint: nil, subjectsPerSlice: 2,
                            recheck: .init(previous: renumbered)))
                    #expect(again3.result == full.result)
                    #expect(again3.judgedSubjects == memory.subjects.count)
                }
            }
        }
        #expect(reused)
    }

    /// The memory's bytes read back exactly, and any shorter or altered bytes are refused, never a crash.
    @Test func aMemoryReadsBackAndCutBytesAreRefused() throws {
        var memory = RecheckMemory(shared: [3, 9, 4_000_000_000], sharedIDs: ["a", "b", "c"], through: 4_000_000_001)
        var result = SubjectResult(
            subject: "host:é", status: .accepted, reason: "why\n", evidence: ["a", "b"], acceptance: "RA-1",
            observedAt: Date(timeIntervalSinceReferenceDate: 0.1))
        result.late = ["b"]
        memory.subjects["host:é"] = .init(
            seqs: [1, 2, 70_000],
            verdicts: SubjectVerdicts(
                verdicts: [
                    .init(control: 2, result: result),
                    .init(control: 0, result: SubjectResult(subject: "host:é", status: .fail, reason: "")),
                ],
                evidenced: [0, 2],
                gaps: [ScopeGap(subject: "host:é", gap: .noEvidence, control: "FW-C", reason: "none", isFlagged: false)]))
        memory.subjects["host:b"] = .init(seqs: [], verdicts: SubjectVerdicts())
        let bytes = memory.encoded()
        #expect(try RecheckMemory(decoding: bytes) == memory)
        // Written in pieces, the same bytes under the same MAC.
        let pieces = memory.encodedInChunks(of: 16)
        #expect(pieces.count > 2 && Array(pieces.joined()) == bytes)
        let mac = CacheEntryMAC(label: "test", secret: SymmetricKey(size: .bits256))
        #expect(mac.code(pieces, key: "k") == mac.code(bytes, key: "k") && mac.code(pieces, key: "k") != mac.code(bytes, key: "j"))
        for length in [0, 1, bytes.count / 2, bytes.count - 1] {
            #expect(throws: RecheckMemory.Unreadable.self) { try RecheckMemory(decoding: bytes.prefix(length)) }
        }
        #expect(throws: RecheckMemory.Unreadable.self) { try RecheckMemory(decoding: bytes + Data([0])) }

        // A result's late ids are kept as their places in its evidence: one past the evidence is refused.
        func encoded(late: [String]) -> [UInt8] {
            var one = RecheckMemory(shared: [], sharedIDs: [])
            var late2 = result
            late2.late = late
            one.subjects["host:é"] = .init(seqs: [1], verdicts: SubjectVerdicts(verdicts: [.init(control: 0, result: late2)]))
            return one.encoded()
        }
        var pastTheEvidence = encoded(late: ["b"])
        let onTime = encoded(late: [])
        let place = try #require(pastTheEvidence.indices.first { pastTheEvidence[$0] != onTime[$0] })
        #expect(Array(pastTheEvidence[place...(place + 1)]) == [1, 2], "one place, the second (zigzag 2)")
        #expect(try RecheckMemory(decoding: pastTheEvidence).subjects["host:é"]?.verdicts.verdicts.first?.result.late == ["b"])
        pastTheEvidence[place + 1] = 4
        #expect(throws: RecheckMemory.Unreadable.self) { try RecheckMemory(decoding: pastTheEvidence) }
    }

    /// A memory is stored with its subjects sorted and walked in that order while it is as read (the
    /// verdicts kept then need no sorting); changed, its subjects are sorted again. A memory
    /// naming a subject twice is not one this build wrote: its verdicts would be kept twice.
    @Test func aMemoryIsWalkedInItsSubjectsOrderAndNamesEachOnce() throws {
        var memory = RecheckMemory(shared: [], sharedIDs: [])
        for subject in ["subject-CCC", "subject-AAA", "subject-BBB", "host:é", "host:b"] {
            memory.subjects[subject] = .init(seqs: [1], verdicts: SubjectVerdicts())
        }
        var read = try RecheckMemory(decoding: memory.encoded())
        #expect(read.sortedSubjects == ["host:b", "host:é", "subject-AAA", "subject-BBB", "subject-CCC"])
        read.subjects["subject-DDD"] = .init(seqs: [], verdicts: SubjectVerdicts())
        read.subjects["host:b"] = nil
        #expect(read.sortedSubjects == ["host:é", "subject-AAA", "subject-BBB", "subject-CCC", "subject-DDD"])

        let twice = try #require(String(data: Data(memory.encoded()), encoding: .isoLatin1))
            .replacingOccurrences(of: "subject-BBB", with: "subject-AAA")
        #expect(throws: RecheckMemory.Unreadable.self) { try RecheckMemory(decoding: try #require(twice.data(using: .isoLatin1))) }

        // A subject count far past the bytes that follow is refused, not reserved for.
        var huge = ByteWriter(capacity: 64)
        huge.string(RecheckMemory.format)
        huge.seqs([])
        huge.strings([])
        huge.seqs([])
        for count in [UInt64(1) << 60, 2, 1] {
            let trailer = (0..<8).map { UInt8(truncatingIfNeeded: count >> (8 * $0)) }
            #expect(throws: RecheckMemory.Unreadable.self) { try RecheckMemory(decoding: Data(huge.bytes + trailer)) }
        }
        let none = try RecheckMemory(decoding: Data(huge.bytes + [UInt8](repeating: 0, count: 8)))
        #expect(none.subjects.isEmpty)
    }

    /// Subjects given to an encoder out of order (or twice) make no memory: read back, it would not
    /// be walked in order, or would keep a subject's verdicts twice. In order, its pieces, kept or
    /// given to a sink as each fills, are the memory's bytes.
    @Test func anEncoderGivenSubjectsOutOfOrderMakesNoMemory() throws {
        let entry = RecheckMemory.Entry(seqs: [1], verdicts: SubjectVerdicts())
        for subjects in [["b", "a"], ["a", "a"], ["a", "c", "b"]] {
            var encoder = RecheckMemory.Encoder(shared: [], sharedIDs: [], through: nil)
            for subject in subjects { encoder.add(subject, entry) }
            let finished = encoder.finish()
            #expect(finished == nil, "\(subjects)")
        }
        var memory = RecheckMemory(shared: [7], sharedIDs: ["x"], through: 9)
        var encoder = RecheckMemory.Encoder(shared: [7], sharedIDs: ["x"], through: 9, chunk: 8)
        var sunk: [[UInt8]] = []
        var sinking = RecheckMemory.Encoder(shared: [7], sharedIDs: ["x"], through: 9, chunk: 8) { sunk.append($0) }
        for subject in ["a", "b", "c"] {
            encoder.add(subject, entry)
            sinking.add(subject, entry)
            memory.subjects[subject] = entry
        }
        let finished = encoder.finish()
        let pieces = try #require(finished)
        #expect(pieces.count > 2 && Array(pieces.joined()) == memory.encoded())
        let rest = sinking.finish()
        #expect(rest == [] && sunk.count > 2 && Array(sunk.joined()) == memory.encoded())
    }

    /// A memory written to its file piece by piece is kept under its MAC once committed, and read
    /// back as written; a file dropped before that leaves nothing behind.
    @Test func aMemoryWrittenAsItIsMadeIsKeptOnlyOnceCommitted() throws {
        let scratch = try TemporaryFolder()
        let files = CacheFiles(folder: scratch.url.appendingPathComponent("recheck"), secret: SymmetricKey(size: .bits256))
        let kind = CacheFiles.Kind(name: "memory", label: "test memory")
        var memory = RecheckMemory(shared: [1, 2], sharedIDs: ["a", "b"], through: 5)
        memory.subjects["host:a"] = .init(seqs: [3, 4], verdicts: SubjectVerdicts(evidenced: [0]))
        let bytes = memory.encoded()
        do {
            let dropped = try #require(files.writing("k", kind: kind))
            dropped.append(bytes)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: files.folder.path).isEmpty)
        let writing = try #require(files.writing("k", kind: kind))
        for piece in stride(from: 0, to: bytes.count, by: 5).map({ Array(bytes[$0..<min($0 + 5, bytes.count)]) }) {
            writing.append(piece)
        }
        #expect(files.payload("k", kind: kind, bound: 1 << 20) == nil, "nothing in place before the commit")
        #expect(writing.commit())
        let read = try #require(files.payload("k", kind: kind, bound: 1 << 20))
        #expect(try RecheckMemory(decoding: read) == memory)
        #expect(files.payload("j", kind: kind, bound: 1 << 20) == nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: files.folder.path) == ["k.memory"])

        // A writer stopped mid-file (its process gone) left its temporary file: the next writer
        // removes it, and leaves alone one whose process still runs.
        let finished = Process()
        finished.executableURL = URL(fileURLWithPath: "/bin/true")
        try finished.run()
        finished.waitUntilExit()
        let gone = ".k.memory.\(finished.processIdentifier).7.tmp"
        let running = ".k.memory.\(getpid()).8.tmp"
        for name in [gone, running] { try Data([1, 2, 3]).write(to: files.folder.appendingPathComponent(name)) }
        _ = files.writing("j", kind: kind)
        #expect(try FileManager.default.contentsOfDirectory(atPath: files.folder.path).sorted() == [running, "k.memory"])
    }

    /// The shipped demo without the controls that read other subjects' evidence (those are judged
    /// all at once, never sliced nor remembered).
    static func demo() throws -> EvaluationCacheTests.Demo {
        let demo = try EvaluationCacheTests.Demo()
        for file in ["webpki-certificates.yaml", "webpki-issuance.yaml"] {
            try FileManager.default.removeItem(at: demo.controls.appendingPathComponent(file))
        }
        return demo
    }

    /// A check through the pipeline, with the number of subjects it judged.
    struct Checked {
        let report: String
        let judged: Int
    }

    static func check(
        _ demo: EvaluationCacheTests.Demo, at instant: Date = EvaluationCacheTests.instant, remember: Bool = true
    ) throws -> Checked {
        var judged = -1
        let result = try demo.pipeline.check(
            at: instant, knownAt: nil, controlsDirectory: demo.controls, history: false,
            subjectsPerSlice: EvaluationEvidence.subjectsPerSlice, remember: remember, judged: { judged = $0 })
        return Checked(report: JSONReport.render(result), judged: judged)
    }

    static func memories(_ demo: EvaluationCacheTests.Demo) throws -> [URL] {
        let folder = demo.pipeline.workspace.home.appendingPathComponent("recheck")
        return try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "memory" }
    }

    @Test func aRecheckJudgesOnlyTheSubjectsACollectChangedAndReportsTheSame() throws {
        let demo = try Self.demo()
        let first = try Self.check(demo)
        #expect(first.judged > 5)
        let second = try Self.check(demo)
        #expect(second.judged == 0 && second.report == first.report)
        // The first check wrote its memory as it judged; the second, which kept it as it was, began
        // a file it did not finish: nothing of it is left.
        let folder = demo.pipeline.workspace.home.appendingPathComponent("recheck").path
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).filter { !$0.hasSuffix(".memory") } == [])

        let device = try Data(contentsOf: EvaluationEvidenceTests.repository.appendingPathComponent("Evidence/firmware/web-01.devices.json"))
        _ = try demo.pipeline.collect([
            CollectItem(
                collector: "fwupd", name: "new-host.devices.json", origin: "test", bytes: .success(device),
                subject: "host:new-host", observedAt: EvaluationCacheTests.instant.addingTimeInterval(-3_600))
        ])
        let after = try Self.check(demo)
        #expect(after.judged == 1, "only host:new-host is new")
        #expect(after.report.contains("host:new-host") && after.report != first.report)
        // Its memory, the last one merged with what it judged, written to its file, is read back whole.
        let afterAgain = try Self.check(demo)
        #expect(afterAgain.judged == 0 && afterAgain.report == after.report)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).filter { !$0.hasSuffix(".memory") } == [])
        for memory in try Self.memories(demo) { try FileManager.default.removeItem(at: memory) }
        let fromNothing = try Self.check(demo)
        #expect(fromNothing.judged == first.judged + 1)
        #expect(after.report == fromNothing.report)
    }

    /// Handed to the caller (as `vigil check` does, to write it while the report is), the memory is
    /// written once that work is done, and the next check judges nothing again.
    @Test func aMemoryWrittenOnAnotherThreadIsThereOnceItsWorkIsDone() throws {
        let demo = try Self.demo()
        var writing: [UnfinishedWrite] = []
        var judged = -1
        let first = try demo.pipeline.check(
            at: EvaluationCacheTests.instant, knownAt: nil, controlsDirectory: demo.controls, history: false,
            subjectsPerSlice: EvaluationEvidence.subjectsPerSlice, remember: true, finishing: { writing.append($0) },
            judged: { judged = $0 })
        #expect(writing.count == 1 && judged > 5)
        for write in writing { write.wait() }
        #expect(try Self.memories(demo).count == 1)
        let again = try Self.check(demo)
        #expect(again.judged == 0 && again.report == JSONReport.render(first))
    }

    /// A memory names index rows. `vigil index rebuild`, or an index deleted and made again from the
    /// log, numbers the records as the collects did (log order): after a collect and either, the
    /// re-check keeps the remembered subjects and reports what a check from nothing does.
    @Test(arguments: [false, true])
    func aRebuiltOrRemadeIndexAfterACollectReportsWhatACheckFromNothingDoes(deleted: Bool) throws {
        let demo = try Self.demo()
        let first = try Self.check(demo)
        let failing = try Data(contentsOf: EvaluationEvidenceTests.repository.appendingPathComponent("Evidence/firmware/web-02.devices.json"))
        for host in ["new-a", "new-b"] {
            _ = try demo.pipeline.collect([
                CollectItem(
                    collector: "fwupd", name: "\(host).devices.json", origin: "test", bytes: .success(failing),
                    subject: "host:\(host)", observedAt: EvaluationCacheTests.instant.addingTimeInterval(-3_600))
            ])
        }
        let index = demo.pipeline.workspace.indexURL
        let rows = { () throws -> [Substring] in try EvidenceIndex(path: index).dump().split(separator: "\n").filter { $0.hasPrefix("record ") } }
        let before = try rows()
        if deleted {
            for suffix in ["", "-wal", "-shm", ".seal"] { try? FileManager.default.removeItem(atPath: index.path + suffix) }
        } else {
            _ = try demo.pipeline.rebuildIndex()
        }
        let again = try Self.check(demo)
        #expect(try rows() == before, "every record keeps its row")
        #expect(again.report != first.report && again.report.contains("host:new-b"))
        #expect(again.judged == 2, "only the two new hosts")
        for memory in try Self.memories(demo) { try FileManager.default.removeItem(at: memory) }
        #expect(again.report == (try Self.check(demo)).report)
    }

    /// An operator who cannot read `keys/` edits a memory, or moves one check's memory to another's
    /// name: the MAC fails, every subject is judged again, and the report is the same.
    @Test func anEditedOrMovedMemoryIsNotUsed() throws {
        let demo = try Self.demo()
        let first = try Self.check(demo)
        let memory = try #require(try Self.memories(demo).first)
        var bytes = try Data(contentsOf: memory)
        bytes[bytes.count - 3] ^= 0x01
        try bytes.write(to: memory)
        let edited = try Self.check(demo)
        #expect(edited.judged == first.judged && edited.report == first.report)

        // Another instant's memory, renamed to this instant's file.
        let other = EvaluationCacheTests.instant.addingTimeInterval(-86_400)
        _ = try Self.check(demo, at: other)
        let files = try Self.memories(demo)
        #expect(files.count == 2)
        let otherFile = try #require(files.first { $0 != memory })
        try FileManager.default.removeItem(at: memory)
        try FileManager.default.copyItem(at: otherFile, to: memory)
        let moved = try Self.check(demo)
        #expect(moved.judged == first.judged && moved.report == first.report)
        #expect(try Self.check(demo).judged == 0, "the memory written again is used")
    }

    /// A memory names records by row, so it is never far larger than its index: a larger file
    /// (planted to exhaust memory) is not read, before its MAC is checked.
    @Test func aMemoryFarLargerThanItsIndexIsNotRead() throws {
        let demo = try Self.demo()
        _ = try Self.check(demo)
        let memory = try #require(try Self.memories(demo).first)
        let key = memory.deletingPathExtension().lastPathComponent
        let cache = RecheckCache(workspace: demo.pipeline.workspace, slack: 0)
        #expect(cache.memory(key: key, index: demo.pipeline.workspace.indexURL) != nil)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: memory.path)[.size] as? Int)
        let small = demo.pipeline.workspace.home.appendingPathComponent("small")
        try Data(count: (size - 1) / 4).write(to: small)
        #expect(cache.memory(key: key, index: small) == nil, "\(size) bytes, more than four times \((size - 1) / 4)")
        try Data(count: (size + 3) / 4).write(to: small)
        #expect(cache.memory(key: key, index: small) != nil)
    }

    /// A check at the clock's now is never asked for again: it keeps nothing and reads nothing kept.
    @Test func aCheckNotAskedToRememberKeepsNothing() throws {
        let demo = try Self.demo()
        let first = try Self.check(demo, remember: false)
        #expect(!FileManager.default.fileExists(atPath: demo.pipeline.workspace.home.appendingPathComponent("recheck").path))
        _ = try Self.check(demo)
        let again = try Self.check(demo, remember: false)
        #expect(again.judged == first.judged && again.report == first.report)
    }

    @Test func anEditedControlFileOrAnotherInstantJudgesEverySubject() throws {
        let demo = try Self.demo()
        let first = try Self.check(demo)
        #expect(try Self.check(demo, at: EvaluationCacheTests.instant.addingTimeInterval(1)).judged == first.judged)
        let file = try #require(
            try FileManager.default.contentsOfDirectory(atPath: demo.controls.path).filter { $0.hasSuffix(".yaml") }.sorted().first)
        let url = demo.controls.appendingPathComponent(file)
        let yaml = try String(contentsOf: url, encoding: .utf8)
        try yaml.replacingOccurrences(of: "  title: ", with: "  title: Edited ").write(to: url, atomically: true, encoding: .utf8)
        let edited = try Self.check(demo)
        #expect(edited.judged == first.judged && edited.report.contains("Edited "))
    }
}

extension RecheckMemory {
    /// Its bytes, as a check writes them (subjects sorted), in pieces of about `chunk` bytes: how a
    /// test makes a memory's bytes (a check encodes as it judges, ``RecheckMemory/Encoder``).
    fileprivate func encodedInChunks(of chunk: Int = 1 << 20) -> [[UInt8]] {
        var encoder = Encoder(shared: shared, sharedIDs: sharedIDs, through: through, chunk: chunk)
        for (subject, entry) in subjects.sorted(by: { $0.key < $1.key }) { encoder.add(subject, entry) }
        return encoder.finish() ?? []
    }

    fileprivate func encoded() -> [UInt8] { Array(encodedInChunks().joined()) }
}

extension RecheckMemory.Kept {
    /// The memory itself, read back from its bytes if need be (nil once written to its file).
    fileprivate func decoded() throws(RecheckMemory.Unreadable) -> RecheckMemory? {
        switch self {
        case .encoded(let pieces): try RecheckMemory(decoding: Array(pieces.joined()))
        // Out of order, a merge gives no bytes: none decode.
        case .merged(let merge): try RecheckMemory(decoding: Array((merge.encoded(chunk: 64) ?? []).joined()))
        case .written: nil
        }
    }
}
