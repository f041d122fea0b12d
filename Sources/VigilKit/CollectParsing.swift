import Collectors
import EvidenceModel
import Foundation

/// How one collect item parsed: its bytes, records and warnings (parts left out), or the line that reports its rejection.
struct ParsedItem {
    /// A parsed input: `warnings` are escaped lines about what its collector left out on purpose.
    typealias Parsed = (records: [EvidenceRecord], bytes: Data, warnings: [String])

    let item: CollectItem
    let outcome: Result<Parsed, RejectedInput>
}

struct RejectedInput: Error {
    let line: String

    /// One line per input, whatever its path or its reason quotes from it: escaped as every output escapes input.
    init(line: String) { self.line = UntrustedText.escaped(line) }
}

enum CollectParsing {
    /// Parses every item with its collector, in order. Items of a merging collector that share the
    /// subject and observation time are parsed together, so responses split over files are joined.
    ///
    /// - Precondition: every item names a registered collector.
    /// - Parameter progress: told after each group of inputs: inputs parsed, of how many, records so far.
    static func parse(
        _ items: [CollectItem], now: Date, limits: InputLimits = .standard,
        progress: (_ inputs: Int, _ of: Int, _ records: Int) -> Void = { _, _, _ in }
    ) -> [ParsedItem] {
        var outcomes = [Result<ParsedItem.Parsed, RejectedInput>?](repeating: nil, count: items.count)
        var readable: [(index: Int, input: CollectorInput)] = []
        for (index, item) in items.enumerated() {
            switch item.bytes {
            case .success(let bytes):
                readable.append((index, CollectorInput(fileName: item.name, bytes: bytes, subject: item.subject,
                                                       observedAt: item.observedAt ?? now, command: item.command,
                                                       limits: limits)))
            case .failure(let error):
                outcomes[index] = .failure(RejectedInput(line: "\(item.origin): \(error)"))
            }
        }
        var parsedInputs = 0, parsedRecords = 0
        for group in groups(readable, items: items) {
            guard let collector = CollectorRegistry.collector(named: items[group[0].index].collector) else { continue }
            let results: [Result<CollectedInput, CollectionFailure>]
            if let merging = collector as? any MergingCollector {
                results = merging.records(merging: group.map(\.input)).map { $0.map { CollectedInput(records: $0) } }
            } else {
                results = group.map { entry in Result { () throws(CollectionFailure) in try collector.collect(from: entry.input) } }
            }
            for (entry, result) in zip(group, results) {
                let origin = items[entry.index].origin
                outcomes[entry.index] = result
                    .flatMap { collected in
                        admitted(collected.records, from: entry.input).map { records in
                            let warnings = collected.leftOut.map { UntrustedText.escaped("\(origin): \($0.location): \($0.reason)") }
                            return (records: records, bytes: entry.input.bytes, warnings: warnings)
                        }
                    }
                    .mapError { RejectedInput(line: "\(origin): \($0.location): \($0.reason)") }
            }
            parsedInputs += group.count
            parsedRecords += results.reduce(0) { $0 + ((try? $1.get())?.records.count ?? 0) }
            progress(parsedInputs, readable.count, parsedRecords)
        }
        return zip(items, outcomes).compactMap { item, outcome in outcome.map { ParsedItem(item: item, outcome: $0) } }
    }

    /// The records of one input, when every name in them can be stored (``EvidenceRecord/nameProblem``).
    ///
    /// This is the one gate between the collectors and the store: a subject with a line break or
    /// longer than the log can frame fails here for every collector, and the whole input with it.
    private static func admitted(_ records: [EvidenceRecord], from input: CollectorInput)
        -> Result<[EvidenceRecord], CollectionFailure> {
        for (index, record) in records.enumerated() {
            guard let problem = record.nameProblem else { continue }
            let place = "record \(index + 1) of \(records.count) (\(UntrustedText.escaped(record.kind)))"
            return .failure(CollectionFailure(file: input.fileName, location: place, reason: problem))
        }
        return .success(records)
    }

    /// Items parsed together: a merging collector's items with equal subject and observation time
    /// form one group (in order of first appearance); every other item is a group of its own.
    private static func groups(_ readable: [(index: Int, input: CollectorInput)], items: [CollectItem])
        -> [[(index: Int, input: CollectorInput)]] {
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
