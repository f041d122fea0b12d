import EvidenceModel

/// Short JSON renderings of values, for reasons and messages.
enum JSONText {
    /// The value as compact JSON, cut to `limit` characters.
    static func of(_ value: JSONValue, limit: Int = 80) -> String {
        let text = (try? CanonicalJSON.string(value)) ?? value.typeName
        return text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }
}

/// A short human name for a record in a reason: its `Name`, `name` or `id`, else the start of its id.
enum RecordLabel {
    /// The data members a label is taken from, in order of preference.
    static let dataMembers = ["Name", "name", "id", "DeviceId"]

    static func of(_ record: EvidenceRecord) -> String {
        for key in dataMembers {
            if let text = record.data[key]?.stringValue, !text.isEmpty { return text }
        }
        return "record " + String(record.id.prefix(12))
    }
}
