import EvidenceModel
import Foundation

/// The role of every check type: judge one subject's evidence at an instant (DESIGN §5).
///
/// A check is a small policy built from its YAML parameters. For a state kind it receives the
/// records of the subject's newest collection; for an event kind it receives one event at a time.
/// Its verdict is a value: `throws` is never used to say "fails".
public protocol ControlCheck: Sendable {
    /// The `type:` that selects this check in a control file.
    static var type: String { get }

    /// Parameters whose value is a path to a file the check reads (relative to the control file).
    static var fileParameters: [String] { get }

    /// Reads the check's parameters, recording every problem in `parameters`.
    ///
    /// - Returns: nil when a parameter is missing or wrong (the problems say which).
    init?(parameters: inout CheckParameters)

    /// Judges a subject's records, at `instant` (never the wall clock).
    func judge(_ records: [EvidenceRecord], at instant: Date) -> CheckVerdict

    /// The `field` paths the check reads (see ``RecordField``), so lint can say when no stored
    /// record has one; empty for checks that read a collector's fixed schema.
    var fields: [String] { get }

    /// The top-level members of a record's `data` that judging may read, or nil when the check may
    /// read any (the default): a check that says is judged on records with only those built.
    var dataMembers: DataMembers? { get }
}

/// What a check concludes about one subject: `pass`, `fail`, `notApplicable` or `error`, and why.
public struct CheckVerdict: Sendable, Hashable {
    public let status: Status
    /// A sentence naming the numbers behind the verdict.
    public let reason: String
    /// Ids of records beyond the judged ones that the verdict rests on (a ``RelatedEvidenceCheck``'s
    /// successor certificate), listed with the judged records as the result's evidence.
    public let related: [String]

    public init(status: Status, reason: String, related: [String] = []) {
        self.status = status
        self.reason = reason
        self.related = related
    }

    /// The same verdict, also resting on `records`.
    public func citing(_ records: [EvidenceRecord]) -> CheckVerdict {
        CheckVerdict(status: status, reason: reason, related: related + records.map(\.id))
    }

    public static func pass(_ reason: String) -> CheckVerdict { CheckVerdict(status: .pass, reason: reason) }
    public static func fail(_ reason: String) -> CheckVerdict { CheckVerdict(status: .fail, reason: reason) }
    public static func notApplicable(_ reason: String) -> CheckVerdict {
        CheckVerdict(status: .notApplicable, reason: reason)
    }
}

extension ControlCheck {
    public static var fileParameters: [String] { [] }
    public var fields: [String] { [] }
    public var dataMembers: DataMembers? { nil }
}

extension ControlCheck {
    /// ``dataMembers`` of a check that reads `paths` (``RecordField``) and labels records as
    /// ``judgeEach(_:_:)`` does.
    func dataMembers(reading paths: [String]) -> DataMembers {
        .only(paths.reduce(into: Set(RecordLabel.dataMembers)) { $0.formUnion(RecordField.dataMembers($1)) })
    }

    /// Judges each record on its own and combines: a subject passes when every record does.
    ///
    /// - Parameters:
    ///   - records: the records of one collection (or one event).
    ///   - judgeOne: the verdict on a single record's `data`.
    /// - Returns: the single record's verdict, or a summary naming the failing records.
    func judgeEach(_ records: [EvidenceRecord], _ judgeOne: (EvidenceRecord) -> CheckVerdict) -> CheckVerdict {
        let verdicts = records.map { ($0, judgeOne($0)) }
        if verdicts.count == 1, let only = verdicts.first { return only.1 }
        let failing = verdicts.filter { $0.1.status != .pass && $0.1.status != .notApplicable }
        guard let first = failing.first else {
            return .pass("all \(records.count) records: " + (verdicts.first?.1.reason ?? "no records"))
        }
        let named = failing.prefix(3).map { "\(RecordLabel.of($0.0)): \($0.1.reason)" }
        let more = failing.count > 3 ? "; and \(failing.count - 3) more" : ""
        return CheckVerdict(
            status: first.1.status,
            reason: "\(failing.count) of \(records.count) records: " + named.joined(separator: "; ") + more)
    }
}
