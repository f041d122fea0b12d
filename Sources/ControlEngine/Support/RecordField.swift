import EvidenceModel

/// Where a check's `field` is found in a record (DESIGN §12, "Fields"): the one lookup every check uses.
///
/// A dotted path is looked up in the record's `data` first, then among the record's own fields
/// (`observed_at`, `origin`, `kind`, …), so `field: observed_at` means the observation time unless
/// the data has a field of that name. `record.NAME` always means the record's own field, for the
/// rare data that shadows one.
public enum RecordField {
    /// The prefix that skips `data` and names a record field.
    public static let prefix = "record."

    /// The record's own fields by dotted name: adding a record field is one line here.
    static let own: [(name: String, value: @Sendable (EvidenceRecord) -> JSONValue?)] = [
        ("kind", { .string($0.kind) }),
        ("subject", { .string($0.subject) }),
        ("observed_at", { .string(Timestamp.format($0.observedAt)) }),
        ("collector", { .string($0.collector) }),
        ("origin", { .string($0.origin.rawValue) }),
        ("source.name", { .string($0.source.name) }),
        ("source.sha256", { .string($0.source.sha256) }),
        // When the record entered the signed log (absent for records not read from the log).
        ("logged_at", { $0.loggedAt.map { .string(Timestamp.format($0)) } }),
    ]

    /// The names a control may use after `record.`, in table order.
    public static var names: [String] { own.map(\.name) }

    /// The value `path` names in `record`; nil when neither the data nor the record has it (a JSON
    /// `null` in the data counts as absent, so the record's own field is looked at next).
    public static func value(_ path: String, in record: EvidenceRecord) -> JSONValue? {
        if path.hasPrefix(prefix) { return ownValue(String(path.dropFirst(prefix.count)), of: record) }
        if let found = record.data.value(atPath: path), !found.isNull { return found }
        return ownValue(path, of: record)
    }

    /// The top-level members of a record's data that looking `path` up may read: each run of its
    /// leading components, since a key may itself hold dots (`org.fwupd.hsi.Uefi`); none for `record.` paths.
    public static func dataMembers(_ path: String) -> Set<String> {
        guard !path.hasPrefix(prefix) else { return [] }
        let components = path.split(separator: ".", omittingEmptySubsequences: false)
        return Set((1...components.count).map { components.prefix($0).joined(separator: ".") })
    }

    /// Why `path` cannot name anything, or nil: only a `record.` path can be wrong before any
    /// evidence is seen (a data path depends on the collector).
    public static func problem(with path: String) -> String? {
        guard path.hasPrefix(prefix) else { return nil }
        let name = String(path.dropFirst(prefix.count))
        if own.contains(where: { $0.name == name }) { return nil }
        return "'\(name)' is not a record field (record fields: \(names.joined(separator: ", ")))"
    }

    private static func ownValue(_ name: String, of record: EvidenceRecord) -> JSONValue? {
        own.first { $0.name == name }?.value(record).flatMap { $0.isNull ? nil : $0 }
    }
}
