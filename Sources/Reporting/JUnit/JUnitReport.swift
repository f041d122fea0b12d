import EvidenceModel

/// The run as JUnit XML for CI: one `<testsuite>` per control family (`FW` for `FW-02`), one
/// `<testcase>` per control and subject (`classname` the control id, `name` the subject).
///
/// `fail`, `missing` and `stale` are `<failure>`s and `error` an `<error>`, each with the reason;
/// `not_applicable` is `<skipped>`; `accepted` passes, with a `<system-out>` naming the acceptance.
/// A control that could not be evaluated, has no evidence at all (a `missing` failure) or has no
/// subjects still gets one test case, named `(control)`.
public enum JUnitReport {
    /// The test case name of a verdict about the control itself rather than a subject.
    public static let controlCaseName = "(control)"

    public static func render(_ run: RunResult) -> String {
        let suites = Dictionary(grouping: run.controls, by: \.family).sorted { $0.key < $1.key }
            .map { family, controls in suite(family, controls.sorted { $0.id < $1.id }, run: run) }
        let total = suites.reduce(Counts()) { $0 + $1.counts }
        var lines = [
            #"<?xml version="1.0" encoding="UTF-8"?>"#,
            "<testsuites name=\"vigil\" \(total.attributes) time=\"0\">",
        ]
        for suite in suites { lines += suite.lines }
        lines.append("</testsuites>")
        return lines.joined(separator: "\n") + "\n"
    }

    struct Counts {
        var tests = 0, failures = 0, errors = 0, skipped = 0

        static func + (a: Counts, b: Counts) -> Counts {
            Counts(
                tests: a.tests + b.tests, failures: a.failures + b.failures, errors: a.errors + b.errors,
                skipped: a.skipped + b.skipped)
        }

        var attributes: String { "tests=\"\(tests)\" failures=\"\(failures)\" errors=\"\(errors)\" skipped=\"\(skipped)\"" }
    }

    /// One test case: its outcome element (nil when it simply passes) and what it counts as.
    struct Case {
        let classname: String
        let name: String
        let outcome: [String]
        let counts: Counts
    }

    private static func suite(_ family: String, _ controls: [ControlResult], run: RunResult) -> (lines: [String], counts: Counts) {
        let cases = controls.flatMap(cases)
        let counts = cases.reduce(Counts()) { $0 + $1.counts }
        var lines = [
            "  <testsuite name=\"\(Markup.attribute(family))\" \(counts.attributes) time=\"0\""
                + " timestamp=\"\(Timestamp.format(run.asOf))\">"
        ]
        for testCase in cases {
            let open = "    <testcase classname=\"\(Markup.attribute(testCase.classname))\" name=\"\(Markup.attribute(testCase.name))\" time=\"0\""
            lines += testCase.outcome.isEmpty ? [open + "/>"] : [open + ">"] + testCase.outcome.map { "      " + $0 } + ["    </testcase>"]
        }
        lines.append("  </testsuite>")
        return (lines, counts)
    }

    static func cases(_ control: ControlResult) -> [Case] {
        if let error = control.error {
            return [
                Case(
                    classname: control.id, name: controlCaseName,
                    outcome: [element("error", type: "error", message: error, body: "\(control.id) \(control.title): \(error)")],
                    counts: Counts(tests: 1, errors: 1))
            ]
        }
        if let reason = control.missingReason {
            return [
                Case(
                    classname: control.id, name: controlCaseName,
                    outcome: [element("failure", type: Status.missing.rawValue, message: reason, body: "\(control.id) \(control.title): \(reason)")],
                    counts: Counts(tests: 1, failures: 1))
            ]
        }
        if control.results.isEmpty {
            return [
                Case(
                    classname: control.id, name: controlCaseName,
                    outcome: ["<skipped message=\"no subjects in scope or with evidence\"/>"],
                    counts: Counts(tests: 1, skipped: 1))
            ]
        }
        return control.results.map { result in
            let body =
                "\(control.id) \(control.title): \(result.reason)"
                + (result.evidence.isEmpty ? "" : "\nevidence: " + result.evidence.joined(separator: ", "))
            switch result.status {
            case .pass:
                return Case(classname: control.id, name: result.subject, outcome: [], counts: Counts(tests: 1))
            case .accepted:
                let acceptance = result.acceptance.map { "accepted under \($0)" } ?? "accepted"
                return Case(
                    classname: control.id, name: result.subject,
                    outcome: ["<system-out>\(Markup.escape("\(acceptance): \(result.reason)"))</system-out>"],
                    counts: Counts(tests: 1))
            case .notApplicable:
                return Case(
                    classname: control.id, name: result.subject,
                    outcome: ["<skipped message=\"\(Markup.attribute(result.reason))\"/>"], counts: Counts(tests: 1, skipped: 1))
            case .error:
                return Case(
                    classname: control.id, name: result.subject,
                    outcome: [element("error", type: "error", message: result.reason, body: body)], counts: Counts(tests: 1, errors: 1))
            case .fail, .missing, .stale:
                return Case(
                    classname: control.id, name: result.subject,
                    outcome: [element("failure", type: result.status.rawValue, message: result.reason, body: body)],
                    counts: Counts(tests: 1, failures: 1))
            }
        }
    }

    private static func element(_ name: String, type: String, message: String, body: String) -> String {
        "<\(name) message=\"\(Markup.attribute(message))\" type=\"\(Markup.attribute(type))\">\(Markup.escape(body))</\(name)>"
    }
}
