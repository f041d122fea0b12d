import EvidenceModel

/// Reads the asset inventory (DESIGN §6), YAML or CSV: one declared `asset` record per asset, and
/// the `register` record that makes the file one document (``RegisterDocument``).
///
/// The inventory is what scope gaps are measured against, so ids must be unique and every asset
/// must resolve to a valid subject. `--subject` is ignored: every asset names its own.
public struct AssetInventoryCollector: StreamingCollector {
    public let name = "assets"

    public init() {}

    /// How the inventory is written.
    enum Format: Equatable {
        case yaml, csv

        /// By extension (`.csv`, `.yaml`, `.yml`), else by content: a first line that starts a YAML
        /// list (`-`, `[`) or mapping (`key:`) is YAML, a comma-separated one is a CSV header.
        static func of(fileName: String, text: String) -> Format {
            let lowercased = fileName.lowercased()
            if lowercased.hasSuffix(".csv") { return .csv }
            if lowercased.hasSuffix(".yaml") || lowercased.hasSuffix(".yml") { return .yaml }
            let firstLine =
                text.split(whereSeparator: \.isNewline)
                .map { $0.trimmingCharacters(in: .whitespaces) }
                .first { !$0.isEmpty && !$0.hasPrefix("#") && $0 != "---" } ?? ""
            let startsYAML = firstLine.hasPrefix("-") || firstLine.hasPrefix("[") || firstLine.contains(":")
            return !startsYAML && firstLine.contains(",") ? .csv : .yaml
        }
    }

    /// The assets a batch at a time, then the register record: a CSV inventory is read row by row
    /// (100k rows held whole took 273 MiB), each batch's records made on every core. A YAML one is
    /// parsed whole, as YAML must be.
    public func stream(
        from input: CollectorInput, emit: (_ records: [EvidenceRecord]) throws(CollectionFailure) -> Void
    )
        throws(CollectionFailure) -> [CollectionFailure]
    {
        let input = try input.heldWhole()
        let text = try InputText.decode(input)
        var waiting = WaitingRecords(kind: EvidenceKind.asset, collector: name, origin: .declared, input: input)
        var count = 0
        var firstLocationOfId: [String: String] = [:]
        var firstLocationOfSubject: [String: String] = [:]
        func take(_ entry: LocatedAsset) throws(CollectionFailure) {
            if let first = firstLocationOfId[entry.asset.id] {
                throw input.failure(at: entry.idLocation, "duplicate id '\(entry.asset.id)' (also at \(first))")
            }
            // `ws-1` and `host:ws-1` of type host are one asset: a second entry would silently replace the first.
            if let first = firstLocationOfSubject[entry.asset.subject] {
                throw input.failure(at: entry.idLocation, "duplicate subject '\(entry.asset.subject)' (also at \(first))")
            }
            firstLocationOfId[entry.asset.id] = entry.entryLocation
            firstLocationOfSubject[entry.asset.subject] = entry.entryLocation
            count += 1
            try waiting.add(subject: entry.asset.subject, data: entry.asset.data, emit: emit)
        }
        switch Format.of(fileName: input.fileName, text: text) {
        case .csv: try AssetCSVReader.forEachAsset(in: text, from: input, take)
        case .yaml: for entry in try AssetYAMLReader.assets(in: text, from: input) { try take(entry) }
        }
        try waiting.hand(to: emit)
        try emit([try RegisterDocument.record(collector: name, entryKind: EvidenceKind.asset, entries: count, input: input)])
        return []
    }
}
