import EvidenceModel
import Foundation

/// `max_age`: the timestamp in `field` is no older than `max` at the instant.
///
/// ```yaml
/// check: {type: max_age, field: last_rotated, max: 90d}
/// ```
/// The field is a dotted path into the record's data, else a record field (``RecordField``:
/// `observed_at`, or `record.observed_at` whatever the data holds), holding an RFC 3339 string (or
/// Unix seconds). A missing or unreadable field fails, saying so.
public struct MaxAgeCheck: ControlCheck {
    public static let type = "max_age"

    public let field: String
    public let max: EvidenceDuration

    public init(field: String, max: EvidenceDuration) {
        self.field = field
        self.max = max
    }

    public init?(parameters: inout CheckParameters) {
        let field = parameters.string("field")
        let max = parameters.duration("max")
        if let problem = field.flatMap(RecordField.problem(with:)) {
            parameters.report("field", problem)
            return nil
        }
        guard let field, let max else { return nil }
        self.init(field: field, max: max)
    }

    public var fields: [String] { [field] }
    public var dataMembers: DataMembers? { dataMembers(reading: [field]) }

    public func judge(_ records: [EvidenceRecord], at instant: Date) -> CheckVerdict {
        judgeEach(records) { judge($0, at: instant) }
    }

    func judge(_ record: EvidenceRecord, at instant: Date) -> CheckVerdict {
        guard let value = RecordField.value(field, in: record) else { return .fail("\(field) is missing") }
        guard let date = Self.instant(value) else {
            return .fail("\(field) is \(JSONText.of(value)), not a timestamp")
        }
        let age = instant.timeIntervalSince(date)
        if age < 0 { return .pass("\(field) is \((-age).humanAge) in the future (max \(max))") }
        let sentence = "\(field) \(age.humanAge) old (max \(max))"
        return age > max.seconds ? .fail(sentence) : .pass(sentence)
    }

    static func instant(_ value: JSONValue) -> Date? {
        switch value {
        case .string(let text): Timestamp.parse(text)
        case .number(let seconds): Date(timeIntervalSince1970: seconds)
        default: nil
        }
    }
}
