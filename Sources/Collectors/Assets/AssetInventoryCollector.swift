import EvidenceModel

/// Reads the asset inventory (DESIGN §6), YAML or CSV: one declared `asset` record per asset, and
/// the `register` record that makes the file one document (``RegisterDocument``).
///
/// The inventory is what scope gaps are measured against, so ids must be unique and every asset
/// must resolve to a valid subject. `--subject` is ignored: every asset names its own.
public struct AssetInventoryCollector: EvidenceCollector {
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

    public func records(from input: CollectorInput) throws(CollectionFailure) -> [EvidenceRecord] {
        let text = try InputText.decode(input)
        let located: [LocatedAsset] =
            switch Format.of(fileName: input.fileName, text: text) {
            case .csv: try AssetCSVReader.assets(in: text, from: input)
            case .yaml: try AssetYAMLReader.assets(in: text, from: input)
            }
        var firstLocationOfId: [String: String] = [:]
        var firstLocationOfSubject: [String: String] = [:]
        for entry in located {
            if let first = firstLocationOfId[entry.asset.id] {
                throw input.failure(at: entry.idLocation, "duplicate id '\(entry.asset.id)' (also at \(first))")
            }
            // `ws-1` and `host:ws-1` of type host are one asset: a second entry would silently replace the first.
            if let first = firstLocationOfSubject[entry.asset.subject] {
                throw input.failure(at: entry.idLocation, "duplicate subject '\(entry.asset.subject)' (also at \(first))")
            }
            firstLocationOfId[entry.asset.id] = entry.entryLocation
            firstLocationOfSubject[entry.asset.subject] = entry.entryLocation
        }
        let source = input.source
        let assets = located.map { entry in
            EvidenceRecord(
                kind: EvidenceKind.asset, subject: entry.asset.subject, observedAt: input.observedAt,
                collector: name, origin: .declared, source: source, data: entry.asset.data)
        }
        return assets + [
            try RegisterDocument.record(collector: name, entryKind: EvidenceKind.asset, entries: assets.count, input: input)
        ]
    }
}
