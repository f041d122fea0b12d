import Foundation
import Testing

@testable import ControlEngine

struct LinearRegexTests {
    private func matches(_ pattern: String, _ text: String) throws -> Bool {
        try LinearRegex(pattern).matches(in: text)
    }

    /// The shipped controls' patterns, and the ordinary syntax, agree with Swift's Regex.
    @Test(arguments: [
        ("^[^@ ]+@[^@ ]+$", "infra-lead@example.net"), ("^[^@ ]+@[^@ ]+$", "nobody"), ("^[A-Z]+-[0-9]+$", "FW-02"),
        ("^[A-Z]+-[0-9]+$", "fw-02"), ("^[0-9a-f]{40}$", String(repeating: "a1", count: 20)), ("^[0-9a-f]{40}$", "abc"),
        ("^1\\.", "1.2.3"), ("^1\\.", "11.2"), ("colou?r", "the color"), ("(?:ab|cd)+e", "xxabcdcde"), ("a{2,3}b", "ab"),
        ("a{2,}b", "aaaab"), ("\\d+\\s\\w", "12 x"), ("[^\\d]", "123"), ("x*", ""), ("^$", ""), ("a.c", "a\nc"),
        ("[a\\]]", "]"), ("[a-]", "-"), ("\\[x\\]", "[x]"), ("é", "café"),
    ])
    func agreesWithSwiftRegex(pattern: String, text: String) throws {
        let expected = try text.contains(Regex(pattern))
        #expect(try matches(pattern, text) == expected, "/\(pattern)/ on \(text)")
    }

    /// Backtracking engines take exponential time here; this one takes a few thousand steps.
    @Test func nestedQuantifiersRunInLinearTime() throws {
        let text = String(repeating: "a", count: 4_096) + "!"
        let start = Date()
        #expect(try matches("^(a+)+$", text) == false)
        #expect(try matches("^(a|a)*$", text) == false)
        #expect(try matches("(a*)*b", text) == false)
        #expect(Date().timeIntervalSince(start) < 5)
    }

    @Test(arguments: [
        ("(a)\\1", "backreferences"), ("(?=a)", "lookaround"), ("(?i)a", "lookaround and flags"), ("\\bword", "not supported"),
        ("a**", "quantifier follows a quantifier"), ("(a", "never closed"), ("a)", "unbalanced"), ("[a", "never closed"),
        ("*a", "repeats nothing"), ("a{5,2}", "smallest first"), ("a{1001}", "from 0 to 1000"), ("((a{1000}){1000})", "too large"),
        ("[[:alpha:]]", "POSIX"),
    ])
    func unsupportedSyntaxIsRefusedWithTheReason(pattern: String, reason: String) {
        #expect(throws: LinearRegex.SyntaxError.self) { try LinearRegex(pattern) }
        do { _ = try LinearRegex(pattern) } catch { #expect(error.reason.contains(reason), "\(pattern): \(error.reason)") }
    }
}
