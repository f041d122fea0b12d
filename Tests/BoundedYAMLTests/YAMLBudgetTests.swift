import Testing

@testable import BoundedYAML

struct YAMLBudgetTests {
    let bounds = YAMLBudget.Bounds(aliases: 100, aliasNodes: 1_000_000, nestingDepth: 64)

    /// Nine levels of ten aliases: 90 alias uses that would expand to a billion nodes.
    static let billionLaughs: String = {
        var lines = [#"- &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]"#]
        for level in 1...9 {
            let uses = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
            lines.append("- &a\(level) [\(uses)]")
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    @Test func ordinaryDocumentsAndModestAnchorsPass() {
        #expect(YAMLBudget.violation(in: "- id: A\n  tags: [x, y]\n", within: bounds) == nil)
        let merged = "defaults: &d {severity: high, evidence: key}\ncontrols:\n  - {<<: *d, id: K-1}\n  - {<<: *d, id: K-2}\n"
        #expect(YAMLBudget.violation(in: merged, within: bounds) == nil)
    }

    @Test func aBillionLaughsIsStoppedBeforeAnythingExpands() {
        let violation = YAMLBudget.violation(in: Self.billionLaughs, within: bounds)
        #expect(violation?.reason == "aliases expand to more than 1000000 nodes")
        #expect(violation?.line == 6, "level 5 brings the expansion past a million")
    }

    @Test func aliasUsesAreCountedAndCapped() {
        let many = "a: &x 1\nb: [" + Array(repeating: "*x", count: 101).joined(separator: ", ") + "]\n"
        let violation = YAMLBudget.violation(in: many, within: bounds)
        #expect(violation == YAMLBudget.Violation(line: 2, column: 405, reason: "more than 100 alias uses (*name)"))
    }

    @Test func nestingIsBounded() {
        let deep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(YAMLBudget.violation(in: deep, within: bounds)?.reason == "nested deeper than 64 levels")
        let fits = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(YAMLBudget.violation(in: fits, within: bounds) == nil)
    }

    @Test func textThatIsNotYAMLIsLeftToTheParser() {
        #expect(YAMLBudget.violation(in: "a: [1, 2\n", within: bounds) == nil)
    }

    /// libyaml's scanner reads ten thousand `[` ahead of the events and stops at its own limit of 1000
    /// ("set with yaml_set_max_nest_level()") before the walk counts 64: the bound is crossed all the same.
    @Test func nestingBeyondLibyamlsOwnLimitIsTheBoundCrossed() {
        let deep = "a: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "\n"
        let violation = YAMLBudget.violation(in: deep, within: bounds)
        #expect(violation?.reason == "nested deeper than 64 levels")
        #expect(violation?.line == 1)
        #expect(throws: YAMLProblem(line: 1, column: violation?.column, reason: "nested deeper than 64 levels")) {
            try YAMLBudget.compose(deep, within: bounds)
        }
    }

    @Test func yamsErrorsAreAPlaceAndWords() throws {
        #expect(throws: YAMLProblem(line: 2, column: 1, reason: "did not find expected ',' or ']' (while parsing a flow sequence)")) {
            try YAMLBudget.compose("a: [1, 2\n", within: bounds)
        }
        #expect(throws: YAMLProblem(line: 1, column: 1, reason: "duplicate key 'a' in one mapping")) {
            try YAMLBudget.compose("a: 1\na: 2\n", within: bounds)
        }
        #expect(try YAMLBudget.compose("", within: bounds) == nil)
    }
}
