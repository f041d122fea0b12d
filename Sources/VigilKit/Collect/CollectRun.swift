import Collectors
import EvidenceModel
import EvidenceStore
import Foundation

/// One input for one collector: a file's bytes (or why they could not be read) and how to label them.
public struct CollectItem: Sendable {
    public let collector: String
    /// The name recorded as the record's source (the file's name, or the command's label).
    public let name: String
    /// Where the input came from, for messages (a path or `command: …`).
    public let origin: String
    /// The input's bytes, or why there are none (the item's ``origin`` names what it could not read).
    /// Empty when the input is ``file``.
    public let bytes: Result<Data, UnreadableInput>
    /// A regular file for a streaming collector: measured and hashed, read as it is parsed, never held whole.
    public let file: StreamedFile?
    public let subject: String?
    public let observedAt: Date?
    /// For a command source: the command, its exit status and standard error, handed to the collector.
    public let command: CommandRun?
    /// For a ``SidecarCollector``: the file beside the input that describes it.
    public let sidecar: SidecarFile?
    /// The `vigil.yaml` source it came from (its place in `sources`), whose run it counts in.
    public var source: Int?

    public init(
        collector: String, name: String, origin: String, bytes: Result<Data, UnreadableInput>, subject: String?,
        observedAt: Date?, command: CommandRun? = nil, file: StreamedFile? = nil, sidecar: SidecarFile? = nil
    ) {
        self.file = file
        self.sidecar = sidecar
        self.collector = collector
        self.name = name
        self.origin = origin
        self.bytes = bytes
        self.subject = subject
        self.observedAt = observedAt
        self.command = command
    }
}

/// Why a collect item has no bytes: the file or command it stands for could not be read or ran badly.
///
/// Only the reason: the item's origin names the input, so a rejection names it once.
public struct UnreadableInput: Error, Sendable, Equatable, CustomStringConvertible {
    public let reason: String

    public init(_ reason: String) { self.reason = reason }

    public var description: String { reason }
}

/// What one collect run did, input by input.
public struct CollectReport: Sendable {
    public struct Accepted: Sendable {
        public let origin: String
        public let collector: String
        public let records: Int
    }

    public let commit: StoreCommit?
    public let accepted: [Accepted]
    /// One line per rejected input: file, place and reason. Nothing of these inputs was stored.
    public let rejected: [String]
    /// One line per thing a collector left out on purpose (a log's last line still being written);
    /// the rest of that input was stored, so a warning alone does not fail the run.
    public let warnings: [String]
    public let newRecords: Int
    public let alreadyStored: Int

    public var hasRejections: Bool { !rejected.isEmpty }
}

extension Pipeline {
    /// Parses every item and stores what parsed, and indexes it: one commit, or a chain of them with
    /// HEAD moving once when the run adds more than `limits.records_per_commit` records.
    ///
    /// A rejected input contributes nothing; the others are still committed.
    ///
    /// The items are taken, not borrowed: their bytes (a merged run's inputs, 187 MB for 100k KMS
    /// keys) are let go once they are parsed and staged, not held through the index sync.
    public func collect(_ items: consuming [CollectItem]) throws(VigilError) -> CollectReport {
        if let item = items.first(where: { CollectorRegistry.collector(named: $0.collector) == nil }) {
            throw .usage("unknown collector '\(item.collector)' (known: \(CollectorRegistry.names.joined(separator: ", ")))")
        }
        let step = workspace.progress.step
        let progress = { (inputs: Int, total: Int, records: Int) in
            step(ProgressStep(task: "collecting", done: inputs, total: total, unit: "inputs", note: "\(records) records"))
        }
        let lock = try workspace.lock(timeout: lockTimeout)
        defer { withExtendedLifetime(lock) {} }
        let now = nowUnderLock
        if case (let store, _?) = try workspace.openStoreOfEitherRole() {
            // A collector's workspace: its own branch, logged and signed later by the sequencer.
            store.removeStaleLocks()
            var sink = GatheringSink(tally: CollectTally(now: now, skew: configuration.clockSkew))
            CollectParsing.parse(items, now: now, limits: configuration.limits, into: &sink, progress: progress)
            // No index here: each source's last run is the newest its branch added.
            var lastRun: [String: EvidenceRecord] = [:]
            for source in sink.tally.sources.runs.isEmpty ? [] : configuration.sources {
                lastRun[source.name] = try storeCall { () throws(StoreError) in
                    try store.newestCollected(subject: SourceRunEvidence.subject(named: source.name))
                }
            }
            for run in SourceRuns(sources: configuration.sources, tally: sink.tally.sources, now: now, lastRun: { lastRun[$0] })?.runs ?? [] {
                sink.add([run.record], raw: .bytes(run.raw))
            }
            let message = Self.commitMessage(accepted: sink.tally.acceptedInOrder, rejected: sink.tally.rejected.count)
            let result = try storeCall { () throws(StoreError) in
                try store.appendCollected(records: sink.records, rawInputs: sink.raws, message: message, at: now)
            }
            packAfterCollect(store)
            return sink.tally.report(commit: result.commit, newRecords: result.added.count, alreadyStored: result.alreadyStored)
        }
        let store = try workspace.openStore()
        store.removeStaleLocks()
        let signing = try workspace.signing()
        let session = try storeCall { () throws(StoreError) in
            try AppendSession(store: store, signing: signing, at: now, recordsPerCommit: configuration.limits.recordsPerCommit)
        }
        var sink = SessionSink(session: session, tally: CollectTally(now: now, skew: configuration.clockSkew))
        CollectParsing.parse(consume items, now: now, limits: configuration.limits, into: &sink, progress: progress)
        if let failure = sink.storeFailure { throw .store(failure) }
        try storeCall { () throws(StoreError) in try sink.session.waitForStaging() }  // before the store is read
        let lastRun = try lastSourceRuns(store, sources: sink.tally.sources.runs.isEmpty ? [] : configuration.sources)
        for run in SourceRuns(sources: configuration.sources, tally: sink.tally.sources, now: now, lastRun: { lastRun[$0] })?.runs ?? [] {
            sink.session.beginInput(raw: .bytes(run.raw))
            try storeCall { () throws(StoreError) in try sink.session.add([run.record]) }
        }
        let message = Self.commitMessage(accepted: sink.tally.acceptedInOrder, rejected: sink.tally.rejected.count)
        let result = try storeCall { () throws(StoreError) in try sink.session.finish(message: message) }
        packAfterCollect(store)
        try workspace.syncIndex(with: store, appended: result.added, rootEntries: result.rootEntries)
        return sink.tally.report(commit: result.commit, newRecords: result.added.count, alreadyStored: result.alreadyStored)
    }

    /// Each source's last logged run, by name, from the index as HEAD left it.
    private func lastSourceRuns(_ store: EvidenceStore, sources: [SourceSpec]) throws(VigilError) -> [String: EvidenceRecord] {
        guard !sources.isEmpty else { return [:] }
        let index = try workspace.openIndexUnaudited(for: store)
        var last: [String: EvidenceRecord] = [:]
        for source in sources {
            last[source.name] = try storeCall { () throws(StoreError) in
                try index.newest(
                    subject: SourceRunEvidence.subject(named: source.name), kind: EvidenceKind.sourceRun, observedAtOrBefore: .distantFuture,
                    loggedAtOrBefore: nil,
                    limit: 1, by: .logged
                ).first
            }
        }
        return last
    }

    static func commitMessage(accepted: [CollectReport.Accepted], rejected: Int) -> String {
        let total = accepted.reduce(0) { $0 + $1.records }
        var lines = ["collect: \(total) record\(total == 1 ? "" : "s") from \(accepted.count) input\(accepted.count == 1 ? "" : "s")", ""]
        for input in accepted { lines.append("\(input.collector) \(input.origin): \(input.records) records") }
        if rejected > 0 { lines.append("\(rejected) input\(rejected == 1 ? "" : "s") rejected") }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// What a collect run made of its inputs so far: accepted, rejected, warnings; and the clock rule
/// every record must meet before it is stored.
struct CollectTally: CollectSink {
    let now: Date
    let skew: TimeInterval
    private var accepted: [(index: Int, input: CollectReport.Accepted)] = []
    private(set) var rejected: [String] = []
    private var warnings: [String] = []
    /// What each `vigil.yaml` source did, for its `source.run` record.
    private(set) var sources = SourceRunTally()

    init(now: Date, skew: TimeInterval) {
        self.now = now
        self.skew = skew
    }

    /// The accepted inputs in the order they were given (a merging collector's inputs are parsed together).
    var acceptedInOrder: [CollectReport.Accepted] {
        accepted.enumerated().sorted { ($0.element.index, $0.offset) < ($1.element.index, $1.offset) }.map(\.element.input)
    }

    mutating func begin(_ index: Int, _ item: CollectItem, raw: RawInput) {}

    mutating func share(_ raw: RawInput) {}

    mutating func take(_ records: [EvidenceRecord], of item: CollectItem) throws(RejectedInput) {
        if let ahead = ObservationClock.rejection(of: records, now: now, skew: skew) {
            throw RejectedInput(line: "\(item.origin): \(ahead)")
        }
        sources.take(records, of: item)
    }

    mutating func end(_ index: Int, _ item: CollectItem, outcome: Result<(records: Int, warnings: [String]), RejectedInput>) {
        switch outcome {
        case .success(let result):
            accepted.append((index, .init(origin: item.origin, collector: item.collector, records: result.records)))
            warnings += result.warnings
            sources.end(item, rejection: nil)
        case .failure(let rejection):
            rejected.append(rejection.line)
            sources.end(item, rejection: rejection.line)
        }
    }

    func report(commit: StoreCommit?, newRecords: Int, alreadyStored: Int) -> CollectReport {
        CollectReport(
            commit: commit, accepted: acceptedInOrder, rejected: rejected, warnings: warnings,
            newRecords: newRecords, alreadyStored: alreadyStored)
    }
}

/// Takes each input's records into an append session as they are read, taking an input back
/// whole when it is rejected after some of its records were staged.
private struct SessionSink: CollectSink {
    var session: AppendSession
    var tally: CollectTally
    /// Set when the store failed: the run stops with it, HEAD unmoved.
    private(set) var storeFailure: StoreError?

    init(session: AppendSession, tally: CollectTally) {
        self.session = session
        self.tally = tally
    }

    mutating func begin(_ index: Int, _ item: CollectItem, raw: RawInput) {
        session.beginInput(raw: raw)
    }

    mutating func share(_ raw: RawInput) {
        session.share(raw: raw)
    }

    mutating func take(_ records: [EvidenceRecord], of item: CollectItem) throws(RejectedInput) {
        if storeFailure != nil { throw RejectedInput(line: "\(item.origin): not stored, the store failed") }
        try tally.take(records, of: item)
        do throws(StoreError) { try session.add(records) } catch {
            storeFailure = error
            throw RejectedInput(line: "\(item.origin): \(error)")
        }
    }

    mutating func end(_ index: Int, _ item: CollectItem, outcome: Result<(records: Int, warnings: [String]), RejectedInput>) {
        if case .failure = outcome { session.abandonInput() }
        tally.end(index, item, outcome: outcome)
    }
}

/// Keeps every accepted input's records and bytes for one commit: a collector's workspace, whose
/// branch the sequencer logs later.
struct GatheringSink: CollectSink {
    var tally: CollectTally
    private(set) var records: [EvidenceRecord] = []
    private(set) var raws: [RawInput] = []
    private var current: (records: [EvidenceRecord], raw: RawInput) = ([], .bytes(Data()))

    init(tally: CollectTally) { self.tally = tally }

    mutating func begin(_ index: Int, _ item: CollectItem, raw: RawInput) { current = ([], raw) }

    /// Nothing to do: the one commit holds every accepted input's bytes.
    mutating func share(_ raw: RawInput) {}

    mutating func take(_ records: [EvidenceRecord], of item: CollectItem) throws(RejectedInput) {
        try tally.take(records, of: item)
        current.records += records
    }

    /// Records the run itself makes (its sources' runs), with their raw input.
    mutating func add(_ made: [EvidenceRecord], raw: RawInput) {
        records += made
        raws.append(raw)
    }

    mutating func end(_ index: Int, _ item: CollectItem, outcome: Result<(records: Int, warnings: [String]), RejectedInput>) {
        if case .success = outcome {
            records += current.records
            raws.append(current.raw)
        }
        current = ([], .bytes(Data()))
        tally.end(index, item, outcome: outcome)
    }
}
