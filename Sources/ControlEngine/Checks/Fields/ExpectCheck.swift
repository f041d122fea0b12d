import EvidenceModel
import Foundation

/// `expect`: every clause in `all:` holds for the record.
///
/// ```yaml
/// check:
///   type: expect
///   all:
///     - {field: Flags, contains: updatable}
///     - {field: Version, matches: '^1\.'}
///     - {field: scan.finished_at, gte: 2026-01-01T00:00:00Z}
/// ```
/// Each clause has a dotted `field` (in the data, else a record field such as `origin`; see
/// ``RecordField``) and exactly one of `equals`, `not_equals`, `in`, `contains`, `matches`, `gte`,
/// `lte`, `exists`. A missing field fails every operator but `exists: false`.
public struct ExpectCheck: ControlCheck {
    public static let type = "expect"

    public let clauses: [ExpectClause]

    public init(clauses: [ExpectClause]) {
        self.clauses = clauses
    }

    public init?(parameters: inout CheckParameters) {
        guard let all = parameters.required("all") else { return nil }
        guard let items = all.arrayValue, !items.isEmpty else {
            parameters.report("all", "expected a non-empty list of clauses, found \(all.typeName)")
            return nil
        }
        var clauses: [ExpectClause] = []
        for (index, item) in items.enumerated() {
            if let clause = Self.clause(item, at: "all[\(index)]", parameters: &parameters) { clauses.append(clause) }
        }
        guard clauses.count == items.count else { return nil }
        self.init(clauses: clauses)
    }

    /// The fields read; `exists: false` clauses are left out, as their field is meant to be absent.
    public var fields: [String] { clauses.filter { $0.expectation != .exists(false) }.map(\.field) }
    /// Every clause's, `exists: false` included: its field is read to be found absent.
    public var dataMembers: DataMembers? { dataMembers(reading: clauses.map(\.field)) }

    public func judge(_ records: [EvidenceRecord], at instant: Date) -> CheckVerdict {
        judgeEach(records) { record in
            let outcomes = clauses.map { $0.evaluate(record) }
            let failed = outcomes.filter { !$0.holds }
            if failed.isEmpty { return .pass(outcomes.map(\.sentence).joined(separator: "; ")) }
            let count = clauses.count == 1 ? "" : "\(failed.count) of \(clauses.count) expectations fail: "
            return .fail(count + failed.map(\.sentence).joined(separator: "; "))
        }
    }

    private static func clause(_ item: JSONValue, at path: String, parameters: inout CheckParameters) -> ExpectClause? {
        guard let members = item.objectValue else {
            parameters.report(path, "expected a mapping with 'field' and one operator, found \(item.typeName)")
            return nil
        }
        var isValid = true
        for key in members.keys.sorted() where key != "field" && !ExpectClause.operatorKeys.contains(key) {
            parameters.report(
                "\(path).\(key)",
                "unknown operator (use one of "
                    + ExpectClause.operatorKeys.joined(separator: ", ") + ")")
            isValid = false
        }
        let field = members["field"]?.stringValue
        if field?.isEmpty ?? true {
            parameters.report("\(path).field", "required but missing (a dotted path into the record's data, or a record field)")
            isValid = false
        } else if let problem = field.flatMap(RecordField.problem(with:)) {
            parameters.report("\(path).field", problem)
            isValid = false
        }
        let present = ExpectClause.operatorKeys.filter { members[$0] != nil }
        guard present.count == 1, let key = present.first, let operand = members[key] else {
            let found = present.isEmpty ? "none" : present.joined(separator: ", ")
            parameters.report(
                path,
                "needs exactly one operator of "
                    + ExpectClause.operatorKeys.joined(separator: ", ") + " (found \(found))")
            return nil
        }
        let expectation = Self.expectation(key, operand, at: "\(path).\(key)", parameters: &parameters)
        guard isValid, let field, let expectation else { return nil }
        var clause = ExpectClause(field: field, expectation)
        clause.regexTextLength = parameters.context.regexTextLength
        return clause
    }

    private static func expectation(
        _ key: String, _ operand: JSONValue, at path: String, parameters: inout CheckParameters
    ) -> ExpectClause.Operator? {
        switch key {
        case "equals": return .equals(operand)
        case "not_equals": return .notEquals(operand)
        case "contains": return .contains(operand)
        case "in":
            guard let options = operand.arrayValue else {
                parameters.report(path, "expected a list, found \(operand.typeName)")
                return nil
            }
            return .isIn(options)
        case "matches":
            guard let pattern = operand.stringValue else {
                parameters.report(path, "expected a regular expression string, found \(operand.typeName)")
                return nil
            }
            do { _ = try LinearRegex(pattern) } catch {
                parameters.report(path, "'\(pattern)' is not a regular expression Vigil matches (in linear time): \(error.reason)")
                return nil
            }
            return .matches(pattern)
        case "gte", "lte":
            let isBound = operand.doubleValue != nil || operand.stringValue.flatMap(Timestamp.parse) != nil
            guard isBound else {
                parameters.report(path, "expected a number or an RFC 3339 timestamp, found \(JSONText.of(operand))")
                return nil
            }
            return key == "gte" ? .greaterOrEqual(operand) : .lessOrEqual(operand)
        default:
            guard let wanted = operand.boolValue else {
                parameters.report(path, "expected true or false, found \(operand.typeName)")
                return nil
            }
            return .exists(wanted)
        }
    }
}
