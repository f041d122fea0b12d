import Collectors
import EvidenceModel
import EvidenceStore
import Foundation

/// Why an input contributes nothing to a collect: one line naming it, the place and the reason.
struct RejectedInput: Error {
    let line: String

    /// One line per input, whatever its path or its reason quotes from it: escaped as every output escapes input.
    init(line: String) { self.line = UntrustedText.escaped(line) }
}

/// Where parsed inputs go, one at a time: an input begins, its records arrive as its collector hands
/// them over (a batch at a time for a ``StreamingCollector``), then it ends, accepted or rejected.
protocol CollectSink {
    /// An input whose bytes could be read begins (`index`: its place among the items).
    mutating func begin(_ index: Int, _ item: CollectItem, raw: RawInput)
    /// Bytes of an accepted input that the records of other inputs may name (`merged_from` of a merged
    /// run): they must be stored no later than the first of those records, whichever input is taken first.
    mutating func share(_ raw: RawInput)
    /// Records of the current input, every name in them storable. Throwing rejects the input.
    mutating func take(_ records: [EvidenceRecord], of item: CollectItem) throws(RejectedInput)
    /// The input ended: accepted, with its record count and warnings, or rejected, when everything
    /// taken from it is to be dropped (an unreadable input ends without beginning).
    mutating func end(_ index: Int, _ item: CollectItem, outcome: Result<(records: Int, warnings: [String]), RejectedInput>)
}

extension CollectorInput {
    /// What the store keeps of this input: its bytes, or its file streamed into the pack.
    var raw: RawInput { file.map { .file($0) } ?? .bytes(bytes) }
}

enum CollectParsing {
    /// Parses every item with its collector and hands what it reads to `sink`. Items of a merging
    /// collector that share the subject and observation time are parsed together, at the first
    /// one's place, so responses split over files are joined.
    ///
    /// - Precondition: every item names a registered collector.
    /// - Parameter progress: told after each group of inputs: inputs parsed, of how many, records so far.
    static func parse(
        _ items: [CollectItem], now: Date, limits: InputLimits = .standard, into sink: inout some CollectSink,
        progress: (_ inputs: Int, _ of: Int, _ records: Int) -> Void = { _, _, _ in }
    ) {
        var readable: [(index: Int, input: CollectorInput)] = []
        for (index, item) in items.enumerated() {
            switch (item.bytes, item.file) {
            case (.success, let file?):
                let input = CollectorInput(
                    fileName: item.name, file: file, subject: item.subject, observedAt: item.observedAt ?? now, limits: limits)
                readable.append((index, input))
            case (.success(let bytes), nil):
                readable.append(
                    (
                        index,
                        CollectorInput(
                            fileName: item.name, bytes: bytes, subject: item.subject,
                            observedAt: item.observedAt ?? now, command: item.command,
                            limits: limits, sidecar: item.sidecar)
                    ))
            case (.failure(let error), _):
                sink.end(index, item, outcome: .failure(RejectedInput(line: "\(item.origin): \(error)")))
            }
        }
        var parsedInputs = 0, parsedRecords = 0
        for group in groups(readable, items: items) {
            guard let collector = CollectorRegistry.collector(named: items[group[0].index].collector) else { continue }
            if let streaming = collector as? any StreamingCollector {
                let entry = group[0]
                parsedRecords += stream(entry.index, items[entry.index], entry.input, with: streaming, into: &sink)
            } else if let merging = collector as? any MergingCollector {
                var outcomes = merging.merge(group.map(\.input))
                // The join's tables and each response's parsed tree are freed by now, among what the
                // records keep (100k keys: ~80 MB of free pages held into the commit's staging).
                FreedMemory.release()
                // A run of one names only itself; in a larger run any accepted file may be named.
                if group.count > 1 {
                    for (entry, outcome) in zip(group, outcomes) {
                        if case .success = outcome { sink.share(entry.input.raw) }
                    }
                }
                for (position, entry) in group.enumerated() {
                    // Moved out, so that what makes its records is let go once they are taken.
                    let outcome = outcomes[position]
                    outcomes[position] = .success(.none)
                    switch outcome {
                    case .success(var merged):
                        parsedRecords += take(entry.index, items[entry.index], entry.input, from: &merged, into: &sink)
                    case .failure(let failure):
                        parsedRecords += hand(entry.index, items[entry.index], entry.input, .failure(failure), to: &sink)
                    }
                }
            } else {
                for entry in group {
                    let result = Result { () throws(CollectionFailure) in try collector.collect(from: entry.input) }
                    parsedRecords += hand(entry.index, items[entry.index], entry.input, result, to: &sink)
                }
            }
            parsedInputs += group.count
            progress(parsedInputs, readable.count, parsedRecords)
        }
    }

    /// Hands one whole input's outcome to the sink. - Returns: the records it took.
    private static func hand(
        _ index: Int, _ item: CollectItem, _ input: CollectorInput, _ result: Result<CollectedInput, CollectionFailure>,
        to sink: inout some CollectSink
    ) -> Int {
        sink.begin(index, item, raw: input.raw)
        let outcome: Result<(records: Int, warnings: [String]), RejectedInput>
        switch result {
        case .success(let collected):
            do throws(RejectedInput) {
                if let failure = nameFailure(collected.records, from: input, first: 1, of: collected.records.count) {
                    throw rejection(failure, item)
                }
                try sink.take(collected.records, of: item)
                outcome = .success((collected.records.count, warnings(collected.leftOut, item)))
            } catch {
                outcome = .failure(error)
            }
        case .failure(let failure):
            outcome = .failure(rejection(failure, item))
        }
        sink.end(index, item, outcome: outcome)
        return (try? outcome.get())?.records ?? 0
    }

    /// A merged input's records are made as they are taken, each with its parsed data (a KMS key's
    /// with its responses, ~15 KB): batches of 4,096 held ~60 MB at once; the sink keeps only bytes.
    static let mergedRecordsPerBatch = 256

    /// Hands one merged input's records to the sink a batch at a time. - Returns: the records it took.
    private static func take(
        _ index: Int, _ item: CollectItem, _ input: CollectorInput, from merged: inout MergedRecords, into sink: inout some CollectSink
    ) -> Int {
        sink.begin(index, item, raw: input.raw)
        let total = merged.count
        var taken = 0
        let outcome: Result<(records: Int, warnings: [String]), RejectedInput>
        do throws(RejectedInput) {
            while true {
                let records: [EvidenceRecord]
                do throws(CollectionFailure) { records = try merged.take(min(input.recordsPerBatch, Self.mergedRecordsPerBatch)) } catch {
                    throw rejection(error, item)
                }
                if records.isEmpty { break }
                if let failure = nameFailure(records, from: input, first: taken + 1, of: total) { throw rejection(failure, item) }
                try sink.take(records, of: item)
                taken += records.count
            }
            outcome = .success((taken, []))
        } catch {
            outcome = .failure(error)
        }
        sink.end(index, item, outcome: outcome)
        return (try? outcome.get())?.records ?? 0
    }

    /// Streams one input's records to the sink as its collector reads them. - Returns: the records it took.
    private static func stream(
        _ index: Int, _ item: CollectItem, _ input: CollectorInput, with collector: any StreamingCollector, into sink: inout some CollectSink
    ) -> Int {
        sink.begin(index, item, raw: input.raw)
        var taken = 0
        var refused: RejectedInput?
        let outcome: Result<(records: Int, warnings: [String]), RejectedInput>
        do throws(CollectionFailure) {
            let leftOut = try collector.stream(from: input) { records throws(CollectionFailure) in
                if let failure = nameFailure(records, from: input, first: taken + 1, of: nil) { throw failure }
                do throws(RejectedInput) { try sink.take(records, of: item) } catch {
                    refused = error
                    throw CollectionFailure(file: input.fileName, location: "", reason: error.line)
                }
                taken += records.count
            }
            outcome = .success((taken, warnings(leftOut, item)))
        } catch {
            outcome = .failure(refused ?? rejection(error, item))
        }
        sink.end(index, item, outcome: outcome)
        return (try? outcome.get())?.records ?? 0
    }

    /// A failure in another file than the item's own (a document's sidecar) names that file too.
    private static func rejection(_ failure: CollectionFailure, _ item: CollectItem) -> RejectedInput {
        let place = failure.file == item.name ? failure.location : "\(failure.file) \(failure.location)"
        // A fault of the whole file (over `file_size`, changed while read) has no place within it.
        if place.allSatisfy(\.isWhitespace) { return RejectedInput(line: "\(item.origin): \(failure.reason)") }
        return RejectedInput(line: "\(item.origin): \(place): \(failure.reason)")
    }

    private static func warnings(_ leftOut: [CollectionFailure], _ item: CollectItem) -> [String] {
        leftOut.map { UntrustedText.escaped("\(item.origin): \($0.location): \($0.reason)") }
    }

    /// Why these records cannot be stored (a name ``EvidenceRecord/nameProblem`` refuses), or nil.
    ///
    /// This is the one gate between the collectors and the store: a subject with a line break or
    /// longer than the log can frame fails here for every collector, and the whole input with it.
    /// - Parameters: first: the number of the first of them in the input; of: how many the input has, when known.
    private static func nameFailure(
        _ records: [EvidenceRecord], from input: CollectorInput, first: Int, of total: Int?
    )
        -> CollectionFailure?
    {
        for (offset, record) in records.enumerated() {
            guard let problem = record.nameProblem else { continue }
            let place = "record \(first + offset)\(total.map { " of \($0)" } ?? "") (\(UntrustedText.escaped(record.kind)))"
            return CollectionFailure(file: input.fileName, location: place, reason: problem)
        }
        return nil
    }

    /// Items parsed together: a merging collector's items with equal subject and observation time
    /// form one group (in order of first appearance); every other item is a group of its own.
    private static func groups(
        _ readable: [(index: Int, input: CollectorInput)], items: [CollectItem]
    )
        -> [[(index: Int, input: CollectorInput)]]
    {
        var groups: [[(index: Int, input: CollectorInput)]] = []
        var groupOfKey: [String: Int] = [:]
        for entry in readable {
            let item = items[entry.index]
            guard CollectorRegistry.collector(named: item.collector) is any MergingCollector else {
                groups.append([entry])
                continue
            }
            let key = [item.collector, item.subject ?? "", Timestamp.format(entry.input.observedAt)].joined(separator: "\u{0}")
            if let existing = groupOfKey[key] {
                groups[existing].append(entry)
            } else {
                groupOfKey[key] = groups.count
                groups.append([entry])
            }
        }
        return groups
    }
}
