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
    public let bytes: Result<Data, UnreadableInput>
    public let subject: String?
    public let observedAt: Date?
    /// For a command source: the command, its exit status and standard error, handed to the collector.
    public let command: CommandRun?

    public init(collector: String, name: String, origin: String, bytes: Result<Data, UnreadableInput>, subject: String?,
                observedAt: Date?, command: CommandRun? = nil) {
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
    /// Parses every item, stores what parsed as one commit, and indexes it.
    ///
    /// A rejected input contributes nothing; the others are still committed.
    public func collect(_ items: [CollectItem]) throws(VigilError) -> CollectReport {
        for item in items where CollectorRegistry.collector(named: item.collector) == nil {
            throw .usage("unknown collector '\(item.collector)' (known: \(CollectorRegistry.names.joined(separator: ", ")))")
        }
        var records: [EvidenceRecord] = []
        var raws: [Data] = []
        var accepted: [CollectReport.Accepted] = []
        var rejected: [String] = []
        var warnings: [String] = []
        let step = workspace.progress.step
        let parsedItems = CollectParsing.parse(items, now: now, limits: configuration.limits) { inputs, total, records in
            step(ProgressStep(task: "collecting", done: inputs, total: total, unit: "inputs", note: "\(records) records"))
        }
        for parsed in parsedItems {
            switch parsed.outcome {
            case .success(let result):
                if let ahead = ObservationClock.rejection(of: result.records, now: now, skew: configuration.clockSkew) {
                    rejected.append("\(parsed.item.origin): \(ahead)")
                    continue
                }
                records += result.records
                warnings += result.warnings
                raws.append(result.bytes)
                accepted.append(.init(origin: parsed.item.origin, collector: parsed.item.collector, records: result.records.count))
            case .failure(let rejection):
                rejected.append(rejection.line)
            }
        }

        let lock = try workspace.lock(timeout: lockTimeout)
        defer { withExtendedLifetime(lock) {} }
        let message = Self.commitMessage(accepted: accepted, rejected: rejected.count)
        let result: AppendResult
        if case (let store, _?) = try workspace.openStoreOfEitherRole() {
            // A collector's workspace: its own branch, logged and signed later by the sequencer.
            store.removeStaleLocks()
            result = try storeCall { () throws(StoreError) in
                try store.appendCollected(records: records, rawInputs: raws, message: message, at: now)
            }
            packAfterCollect(store)
        } else {
            let store = try workspace.openStore()
            store.removeStaleLocks()
            let signing = try workspace.signing()
            result = try storeCall { () throws(StoreError) in
                try store.append(records: records, rawInputs: raws, message: message, at: now, signing: signing)
            }
            packAfterCollect(store)
            try workspace.syncIndex(with: store, appended: result.added)
        }
        return CollectReport(commit: result.commit, accepted: accepted, rejected: rejected,
                             warnings: warnings, newRecords: result.added.count, alreadyStored: result.alreadyStored)
    }

    static func commitMessage(accepted: [CollectReport.Accepted], rejected: Int) -> String {
        let total = accepted.reduce(0) { $0 + $1.records }
        var lines = ["collect: \(total) record\(total == 1 ? "" : "s") from \(accepted.count) input\(accepted.count == 1 ? "" : "s")", ""]
        for input in accepted { lines.append("\(input.collector) \(input.origin): \(input.records) records") }
        if rejected > 0 { lines.append("\(rejected) input\(rejected == 1 ? "" : "s") rejected") }
        return lines.joined(separator: "\n") + "\n"
    }
}
