import Foundation

/// The `ari.window` kind, the one model of its record's data: an ACME RenewalInfo suggested window
/// (RFC 9773 §4.2) as fetched. The `ari` collector writes it; `ari_window` reads it.
public struct ARIWindowEvidence: Sendable, Hashable {
    public let start: Date
    public let end: Date
    public let explanationURL: String?

    public init(start: Date, end: Date, explanationURL: String?) {
        self.start = start
        self.end = end
        self.explanationURL = explanationURL
    }

    /// `window_start`, `window_end`, `window_seconds` (a reader's convenience), `explanation_url`.
    public var data: [String: JSONValue] {
        var data: [String: JSONValue] = [
            "window_start": .string(Timestamp.format(start)),
            "window_end": .string(Timestamp.format(end)),
            "window_seconds": .number(end.timeIntervalSince(start)),
        ]
        data["explanation_url"] = explanationURL.map(JSONValue.string)
        return data
    }

    /// Reads an `ari.window` record back.
    /// - Throws: when the record is of another kind, or its window's start or end is not an RFC 3339 instant.
    public init(record: EvidenceRecord) throws(EvidenceRecord.DecodingFailure) {
        try KindField.require(record, is: EvidenceKind.ariWindow)
        guard let start = KindField.date(record.data["window_start"]) else {
            throw .invalid(field: "data.window_start", reason: "not an RFC 3339 instant")
        }
        guard let end = KindField.date(record.data["window_end"]) else {
            throw .invalid(field: "data.window_end", reason: "not an RFC 3339 instant")
        }
        self.init(start: start, end: end, explanationURL: KindField.text(record.data["explanation_url"]))
    }
}
