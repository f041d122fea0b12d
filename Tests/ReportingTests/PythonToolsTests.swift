import Foundation
import Testing

/// A validator that cannot run must not pass quietly: under CI its absence fails the test.
struct PythonToolsTests {
    @Test func aMissingValidatorFailsTheTestUnderCINamingThePipPackage() throws {
        var available: Bool?
        try withKnownIssue {
            available = try PythonTools.ensure(
                module: "vigil_no_such_validator", package: "vigil-no-such-validator", environment: ["CI": "true"])
        } matching: { issue in
            issue.comments.contains { $0.rawValue.contains("pip install vigil-no-such-validator") }
        }
        #expect(available == false)
    }

    @Test func anInstalledValidatorRunsUnderCI() throws {
        #expect(try PythonTools.ensure(module: "json", package: "json", environment: ["CI": "true"]))
    }

    @Test(arguments: [("true", true), ("TRUE", true), ("1", true), ("false", false), ("", false)])
    func ciIsSaidByTheCIVariable(value: String, isCI: Bool) {
        #expect(PythonTools.isCI(["CI": value]) == isCI)
        #expect(!PythonTools.isCI([:]))
    }
}
