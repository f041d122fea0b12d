import Foundation

/// One collection of a subject's evidence of one kind (the records of one input at one
/// observation time), with what changed since the collection before it.
public struct EvidenceVersion: Sendable, Hashable {
    public let observedAt: Date
    public let source: EvidenceSource
    public let recordIDs: [String]
    /// Empty for the first version; otherwise the fields that differ from the previous one.
    public let changes: [FieldChange]

    public init(observedAt: Date, source: EvidenceSource, recordIDs: [String], changes: [FieldChange]) {
        self.observedAt = observedAt
        self.source = source
        self.recordIDs = recordIDs
        self.changes = changes
    }

    /// One field of the collection, by path, before and after (nil: absent on that side).
    public struct FieldChange: Sendable, Hashable {
        public let path: String
        public let old: String?
        public let new: String?

        public init(path: String, old: String?, new: String?) {
            self.path = path
            self.old = old
            self.new = new
        }
    }

    /// Groups records of one subject and kind (oldest first, as stored) into collections and diffs
    /// each with the one before.
    public static func versions(of records: [EvidenceRecord]) -> [EvidenceVersion] {
        var groups: [(key: String, records: [EvidenceRecord])] = []
        for record in records {
            let key = "\(record.observedAt.timeIntervalSince1970)|\(record.source.sha256)"
            if let last = groups.indices.last, groups[last].key == key {
                groups[last].records.append(record)
            } else {
                groups.append((key, [record]))
            }
        }
        var versions: [EvidenceVersion] = []
        var previous: [String: String]?
        for group in groups {
            guard let first = group.records.first else { continue }
            let fields = flatten(group.records)
            let changes = previous.map { diff($0, fields) } ?? []
            versions.append(
                EvidenceVersion(
                    observedAt: first.observedAt, source: first.source, recordIDs: group.records.map(\.id), changes: changes))
            previous = fields
        }
        return versions
    }

    /// The collection's fields as `item.path → value`, each record named by its identifying field
    /// (so a device added or removed reads as such, not as every later index shifting).
    static func flatten(_ records: [EvidenceRecord]) -> [String: String] {
        var fields: [String: String] = [:]
        for (offset, record) in records.enumerated() {
            let name = itemName(record.data) ?? "#\(offset + 1)"
            flatten(.object(record.data), path: name, into: &fields)
        }
        return fields
    }

    private static let identifyingFields = ["DeviceId", "KeyId", "id", "Id", "name", "Name", "subject"]

    private static func itemName(_ data: [String: JSONValue]) -> String? {
        for field in identifyingFields {
            if let value = data[field]?.stringValue, !value.isEmpty { return value }
        }
        return nil
    }

    static func flatten(_ value: JSONValue, path: String, into fields: inout [String: String]) {
        switch value {
        case .object(let members):
            if members.isEmpty { fields[path] = "{}" }
            for (key, member) in members { flatten(member, path: "\(path).\(key)", into: &fields) }
        case .array(let items):
            if items.isEmpty { fields[path] = "[]" }
            for (i, item) in items.enumerated() { flatten(item, path: "\(path)[\(i)]", into: &fields) }
        default:
            fields[path] = value.compactText
        }
    }

    static func diff(_ old: [String: String], _ new: [String: String]) -> [FieldChange] {
        Set(old.keys).union(new.keys).sorted().compactMap { path in
            old[path] == new[path] ? nil : FieldChange(path: path, old: old[path], new: new[path])
        }
    }
}

extension JSONValue {
    /// A scalar as it reads in a table cell: strings bare, other values as JSON.
    public var compactText: String {
        switch self {
        case .string(let s): s
        default: (try? String(decoding: CanonicalJSON.data(self), as: UTF8.self)) ?? "?"
        }
    }
}

extension EvidenceRecord {
    /// The record's `data` as sorted `path → value` lines (`Flags[0] → updatable`), for display.
    public var flattenedData: [(path: String, value: String)] {
        var fields: [String: String] = [:]
        for (key, value) in data { EvidenceVersion.flatten(value, path: key, into: &fields) }
        return fields.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}
