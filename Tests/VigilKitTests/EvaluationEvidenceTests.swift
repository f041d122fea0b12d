import ControlEngine
import EvidenceModel
import EvidenceStore
import Foundation
import MerkleLog
import Reporting
import Testing
import VigilTestSupport

@testable import VigilKit

/// The index-selected records give exactly the evaluation that all records give.
@Suite(.serialized)
struct EvaluationEvidenceTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Evaluates `controls` at `instant` from all visible records and from the selection; both must agree.
    static func expectSameEvaluation(
        _ controls: [Control], at instant: Date, index: EvidenceIndex, context: CheckContext = .standard,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> (all: Int, selected: Int) {
        let all = try index.records(matching: RecordQuery(observedAtOrBefore: instant))
        let evaluator = Evaluator(controls: controls, context: context)
        let selected = try EvaluationEvidence.records(for: evaluator, at: instant, in: index)
        let expected = evaluator.evaluate(records: all, at: instant, checkpoint: nil)
        let actual = evaluator.evaluate(records: selected, at: instant, checkpoint: nil)
        #expect(actual == expected, "at \(Timestamp.format(instant))", sourceLocation: sourceLocation)
        #expect(Set(selected.map(\.id)).isSubset(of: Set(all.map(\.id))), sourceLocation: sourceLocation)
        try expectSameSlicedEvaluation(evaluator, at: instant, index: index, expected: expected, all: all, sourceLocation: sourceLocation)
        return (all.count, selected.count)
    }

    /// Evaluated a slice of 1, 2, 3 or 5 subjects at a time, or of about 1, 3 or 7 records (a
    /// subject's never split), the run (late evidence marked) is the evaluation of every record.
    static func expectSameSlicedEvaluation(
        _ evaluator: Evaluator, at instant: Date, index: EvidenceIndex, expected: RunResult, all: [EvidenceRecord],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        guard evaluator.canSlice else { return }
        for (subjects, records) in [(1, Int.max), (2, .max), (3, .max), (5, .max), (.max, 1), (.max, 3), (4, 7)] {
            let sliced = try #require(
                try EvaluationEvidence.evaluateSliced(
                    evaluator, at: instant, in: index, checkpoint: nil, subjectsPerSlice: subjects, recordsPerSlice: records),
                sourceLocation: sourceLocation)
            #expect(
                sliced.result == expected,
                "\(subjects) subjects, \(records) records per slice at \(Timestamp.format(instant))", sourceLocation: sourceLocation)
        }
        // Verdicts spooled past the first piece (of one or two verdicts, of every control) read back the same.
        let folder = try TemporaryFolder()
        for (held, size) in [(0, 1), (1, 2)] {
            let spool = ResultSpool(in: folder.url, holding: held, pieceSize: size)
            let spooled = try #require(
                try EvaluationEvidence.evaluateSliced(evaluator, at: instant, in: index, checkpoint: nil, subjectsPerSlice: 2, spool: spool),
                sourceLocation: sourceLocation)
            #expect(spooled.result == expected, "spooled past \(held) pieces of \(size)", sourceLocation: sourceLocation)
            // A control's pieces are spooled once full, past the first `held` of the run.
            let full = expected.controls.reduce(0) { $0 + $1.results.count / size }
            #expect(full <= held || spool.spooledPieces > 0, sourceLocation: sourceLocation)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).isEmpty, sourceLocation: sourceLocation)
    }

    @Test func theShippedDemoEvaluatesIdenticallyAtEveryInstantItsEvidenceChanges() throws {
        let scratch = try TemporaryFolder()
        let configuration = try Configuration.load(file: nil, directory: Self.repository)
        let pipeline = Pipeline(
            workspace: Workspace(home: scratch.url.appendingPathComponent("ws")), configuration: configuration,
            now: Timestamp.parse("2026-11-29T12:00:00Z")!)
        _ = try pipeline.workspace.create(at: pipeline.now, origin: pipeline.origin)
        _ = try? pipeline.collect(InputGathering.items(for: configuration.sources, configuration: configuration))
        let controls = try ControlLibrary.load(from: configuration.resolve(configuration.controls)).requireValid()
        let store = try pipeline.workspace.openStore()
        let index = try pipeline.workspace.openIndex(for: store)
        let observed = Set(try index.records(matching: RecordQuery()).map(\.observedAt))
        #expect(observed.count > 5)
        // Every observation time, a moment before it, and the demo's own instant.
        var instants = observed.flatMap { [$0, $0.addingTimeInterval(-1)] } + [pipeline.now]
        instants.sort()
        var reduced = false
        for instant in instants {
            let counts = try Self.expectSameEvaluation(controls, at: instant, index: index, context: configuration.checkContext)
            reduced = reduced || counts.selected < counts.all
        }
        #expect(reduced, "the demo has superseded collections the selection leaves out")

        // `vigil check` itself (which reads the selection) against the full evaluation, JSON byte for byte.
        let result = try pipeline.check(at: pipeline.now, controlsDirectory: configuration.resolve(configuration.controls))
        var full = Evaluator(controls: controls, policy: configuration.acceptancePolicy, context: configuration.checkContext)
            .evaluate(
                records: try index.records(matching: RecordQuery(observedAtOrBefore: pipeline.now)), at: pipeline.now,
                checkpoint: try pipeline.checkpointSummary(store))
        try SourceStanding.judge(configuration.sources, at: pipeline.now, knownAt: nil, in: index, into: &full)
        #expect(JSONReport.render(result) == JSONReport.render(full))
        // Every verdict spooled: the same report, byte for byte, and nothing left in the workspace.
        let listing = try FileManager.default.contentsOfDirectory(atPath: pipeline.workspace.home.path).sorted()
        let spooled = try pipeline.check(
            at: pipeline.now, knownAt: nil, controlsDirectory: configuration.resolve(configuration.controls), history: false,
            subjectsPerSlice: 3, verdictPieces: (held: 0, size: 1))
        #expect(JSONReport.render(spooled) == JSONReport.render(result))
        #expect(try FileManager.default.contentsOfDirectory(atPath: pipeline.workspace.home.path).sorted() == listing)
    }
}

/// A folder removed when the value goes away.
/// Random stores with ties, declared and observed evidence, events, an inventory (entries stored before registers
/// were documents, and documents that drop entries), a risk register and unknown subjects.
struct EvaluationEvidenceRandomStoreTests {
    static let base = Date(timeIntervalSince1970: 1_795_132_800)  // 2026-11-21T00:00:00Z

    /// A small deterministic generator (SplitMix64), so a failure replays.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let controls: [Control] = {
        let updatable = CheckSpec(type: "firmware_updatable")
        let expectOK = CheckSpec(type: "expect", parameters: ["all": [["field": "ok", "equals": true]]])
        return [
            Control(
                id: "FW-A", title: "updatable", severity: .high, evidence: ["firmware.device"],
                freshness: EvidenceDuration(days: 3), check: updatable),
            Control(
                id: "FW-B", title: "updatable, observed only", severity: .high, evidence: ["firmware.device"],
                origin: .observed, check: updatable),
            Control(
                id: "FW-C", title: "updatable in scope", severity: .low, evidence: ["firmware.device"],
                scope: ControlScope(type: "host", tags: ["prod"]), check: updatable),
            Control(
                id: "EV-A", title: "events ok", severity: .medium, evidence: ["deploy.event"],
                window: EvidenceDuration(days: 2), check: expectOK),
            Control(
                id: "EV-B", title: "events and state ok", severity: .medium, evidence: ["deploy.event", "state.flag"],
                freshness: EvidenceDuration(days: 4), window: EvidenceDuration(days: 5), origin: .observed, check: expectOK),
            // Read with only the members their checks name (`Evaluator.dataMembersByKind`): nested,
            // dotted, absent and labelling members.
            Control(
                id: "ST-C", title: "flags clean", severity: .low, evidence: ["state.flag"],
                check: CheckSpec(
                    type: "expect",
                    parameters: [
                        "all": [
                            ["field": "scan.result", "equals": "clean"], ["field": "org.vigil.ok", "equals": true],
                            ["field": "debug", "exists": false],
                        ]
                    ])),
            Control(
                id: "ST-D", title: "flags scanned", severity: .low, evidence: ["state.flag"],
                check: CheckSpec(type: "max_age", parameters: ["field": "scan.finished_at", "max": "2d"])),
        ]
    }()

    static func record(
        _ kind: String, _ subject: String, day: Int, hour: Int, origin: EvidenceOrigin, input: Int,
        data: [String: JSONValue]
    ) -> EvidenceRecord {
        EvidenceRecord(
            kind: kind, subject: subject, observedAt: base.addingTimeInterval(Double(day * 86_400 + hour * 3_600)),
            collector: "test", origin: origin,
            source: EvidenceSource(name: "\(kind).json", sha256: String(repeating: String(input), count: 64)), data: data)
    }

    /// One collection of a register file: its entries and its `register` record, the source hash following the content.
    static func document(
        _ entries: [(kind: String, subject: String, data: [String: JSONValue])], file: String,
        collector: String, day: Int
    ) -> [EvidenceRecord] {
        let content = entries.map { "\($0.subject) \($0.data)" }.joined(separator: "\n")
        let source = EvidenceSource(name: file, sha256: SHA256Hex.of(Data(content.utf8)))
        let at = base.addingTimeInterval(Double(day * 86_400))
        return entries.map {
            EvidenceRecord(
                kind: $0.kind, subject: $0.subject, observedAt: at, collector: collector, origin: .declared,
                source: source, data: $0.data)
        } + [
            EvidenceRecord(
                kind: "register", subject: "register:\(collector)/\(file)", observedAt: at, collector: collector,
                origin: .declared, source: source, data: ["entries": .number(Double(entries.count))])
        ]
    }

    static let hosts = ["host:a", "host:b", "host:c", "host:d", "host:x"]  // host:x is never inventoried

    /// The records of the random store's `commit`th run.
    static func randomCommit(_ commit: Int, using random: inout Generator) -> [EvidenceRecord] {
        let hosts = Self.hosts
        var records: [EvidenceRecord] = []
        // Few distinct times, so collections tie on observed_at across commits.
        let day = Int.random(in: 0...8, using: &random)
        let hour = [0, 0, 6][Int.random(in: 0...2, using: &random)]
        let input = Int.random(in: 1...2, using: &random)
        for host in hosts where Bool.random(using: &random) {
            let origin: EvidenceOrigin = Bool.random(using: &random) ? .observed : .declared
            for device in 0..<Int.random(in: 1...2, using: &random) {
                let flags: [JSONValue] = Bool.random(using: &random) ? ["updatable"] : []
                records.append(
                    Self.record(
                        "firmware.device", host, day: day, hour: hour, origin: origin, input: input,
                        data: ["DeviceId": .string("d\(device)"), "Name": "UEFI", "Version": .string("1.\(commit)"), "Flags": .array(flags)]))
            }
            if Bool.random(using: &random) {
                records.append(
                    Self.record(
                        "deploy.event", host, day: day, hour: hour + commit % 3, origin: origin,
                        input: input, data: ["ok": .bool(Bool.random(using: &random)), "n": .number(Double(commit))]))
            }
            if Bool.random(using: &random) {
                for flag in 0..<Int.random(in: 1...2, using: &random) {
                    let scanned = base.addingTimeInterval(Double((day - Int.random(in: 0...3, using: &random)) * 86_400))
                    var data: [String: JSONValue] = [
                        "ok": .bool(Bool.random(using: &random)), "name": .string("flag-\(flag)"),
                        "scan": ["result": Bool.random(using: &random) ? "clean" : "dirty", "finished_at": .string(Timestamp.format(scanned))],
                        "org.vigil.ok": .bool(Bool.random(using: &random)), "unread": .array((0..<4).map { .number(Double($0)) }),
                    ]
                    if Bool.random(using: &random) { data["debug"] = 1 }
                    records.append(Self.record("state.flag", host, day: day, hour: hour, origin: origin, input: input, data: data))
                }
            }
        }
        if commit % 4 == 1 {
            for host in hosts.dropLast() where Bool.random(using: &random) {
                let tags: [JSONValue] = Bool.random(using: &random) ? ["prod"] : ["lab"]
                records.append(
                    Self.record(
                        "asset", host, day: day, hour: 0, origin: .declared, input: input,
                        data: ["id": .string(String(host.dropFirst(5))), "type": "host", "tags": .array(tags)]))
            }
        }
        // Register documents: inventories and risk registers that list fewer entries over time, or none.
        if commit % 3 == 2 {
            let listed = hosts.dropLast().filter { _ in Bool.random(using: &random) }.map { host -> (String, String, [String: JSONValue]) in
                let tags: [JSONValue] = Bool.random(using: &random) ? ["prod"] : ["lab"]
                return ("asset", host, ["id": .string(String(host.dropFirst(5))), "type": "host", "tags": .array(tags)])
            }
            records += Self.document(listed, file: ["assets.yaml", "more.csv"][commit % 2], collector: "assets", day: day)
        }
        if commit % 3 == 0 {
            let listed = ["a", "b", "c"].filter { _ in Bool.random(using: &random) }.map { host -> (String, String, [String: JSONValue]) in
                (
                    "risk.acceptance", "risk:RA-\(host)",
                    [
                        "id": .string("RA-\(host)"), "control": "FW-A", "subjects": [.string("host:\(host)")],
                        "approved_by": "ciso", "accepted_at": "2026-11-01T00:00:00Z", "expires_at": "2026-12-31T00:00:00Z", "extensions": [],
                    ]
                )
            }
            records += Self.document(listed, file: "risks.yaml", collector: "risks", day: day)
        }
        return records
    }

    /// The random store of `seed`, twelve commits an hour apart, in `scratch`, and its index.
    static func randomIndex(seed: UInt64, in scratch: TemporaryFolder) throws -> EvidenceIndex {
        var random = Generator(state: seed)
        let signing = LogSigning(origin: "test.vigil.example/log", keys: [try NoteSignerKey.generate(name: "test.vigil.example/log")])
        let store = try EvidenceStore.create(at: scratch.url.appendingPathComponent("store"), at: Self.base, signing: signing)
        for commit in 0..<12 {
            let records = Self.randomCommit(commit, using: &random)
            guard !records.isEmpty else { continue }
            let at = Self.base.addingTimeInterval(Double(commit) * 3_600)
            _ = try store.append(records: records, rawInputs: [], message: "run \(commit)\n", at: at, signing: signing)
        }
        let index = try EvidenceIndex(path: scratch.url.appendingPathComponent("index.sqlite"))
        try index.sync(with: store)
        return index
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6])
    func aRandomStoreEvaluatesIdenticallyAtEveryInstant(seed: UInt64) throws {
        let scratch = try TemporaryFolder()
        let index = try Self.randomIndex(seed: seed, in: scratch)
        // The sliced evaluations compared below read these kinds with only some members of their data.
        #expect(Set(Evaluator(controls: Self.controls).dataMembersByKind.keys) == ["deploy.event", "state.flag"])
        let times = Set(try index.records(matching: RecordQuery()).map(\.observedAt)).sorted()
        var instants = times.flatMap { [$0.addingTimeInterval(-1), $0, $0.addingTimeInterval(1_800)] }
        instants += [Self.base.addingTimeInterval(20 * 86_400), Self.base.addingTimeInterval(-86_400)]
        var reduced = false
        for instant in instants {
            let counts = try EvaluationEvidenceTests.expectSameEvaluation(Self.controls, at: instant, index: index)
            reduced = reduced || counts.selected < counts.all
        }
        #expect(reduced)
    }

    /// An acceptance two registers list, whose newest record is from the one that dropped it: the
    /// other register's older record still covers, and only a read of that register's collection finds it.
    @Test func anEntryInForceThroughAnOlderDocumentIsRead() throws {
        let scratch = try TemporaryFolder()
        let signing = LogSigning(origin: "test.vigil.example/log", keys: [try NoteSignerKey.generate(name: "test.vigil.example/log")])
        let store = try EvidenceStore.create(at: scratch.url.appendingPathComponent("store"), at: Self.base, signing: signing)
        let entry: (String, String, [String: JSONValue]) = (
            "risk.acceptance", "risk:RA-a",
            [
                "id": "RA-a", "control": "FW-A", "subjects": ["host:a"], "approved_by": "ciso",
                "accepted_at": "2026-11-01T00:00:00Z", "expires_at": "2026-12-31T00:00:00Z",
            ]
        )
        let device = Self.record(
            "firmware.device", "host:a", day: 3, hour: 0, origin: .observed, input: 1,
            data: ["DeviceId": "d0", "Name": "UEFI", "Version": "1.0", "Flags": []])
        let runs = [
            [device] + Self.document([entry], file: "a.yaml", collector: "risks", day: 1),
            Self.document([entry], file: "b.yaml", collector: "risks", day: 2),
            Self.document([], file: "b.yaml", collector: "risks", day: 3),
        ]
        for (n, records) in runs.enumerated() {
            _ = try store.append(
                records: records, rawInputs: [], message: "run \(n)\n",
                at: Self.base.addingTimeInterval(Double(n) * 3_600), signing: signing)
        }
        let index = try EvidenceIndex(path: scratch.url.appendingPathComponent("index.sqlite"))
        try index.sync(with: store)
        let instant = Self.base.addingTimeInterval(4 * 86_400)
        _ = try EvaluationEvidenceTests.expectSameEvaluation(Self.controls, at: instant, index: index)
        let evaluator = Evaluator(controls: Self.controls)
        let result = evaluator.evaluate(
            records: try EvaluationEvidence.records(for: evaluator, at: instant, in: index),
            at: instant, checkpoint: nil)
        #expect(result.controls.first?.results.first?.status == .accepted)
    }
}
