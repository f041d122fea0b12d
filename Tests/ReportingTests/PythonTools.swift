import Foundation
import Testing
import VigilTestSupport

/// Runs Python validators the way an auditor or a CI job would (xml.etree, junitparser, compliance-trestle).
///
/// Under `CI=true` a missing package fails the test: CI installs the validators (`.ci/run`), so a
/// missing one means a validation that silently did not run. Elsewhere a missing package is
/// installed with pip; only when pip cannot reach the network is a check skipped, and then loudly.
enum PythonTools {
    typealias Run = ProcessRun

    /// Runs `arguments` (a program and its arguments, looked up in `PATH`) with `input` on standard input.
    @discardableResult
    static func run(_ arguments: [String], in directory: URL? = nil, input: String? = nil) throws -> Run {
        try runProcess(arguments[0], Array(arguments.dropFirst()), in: directory, input: .text(input ?? ""))
    }

    /// Whether `module` imports, installing `package` first when it does not (outside CI). False after
    /// a recorded issue under CI, or after a loud message when pip fails and PyPI is unreachable.
    static func ensure(
        module: String, package: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> Bool {
        if try run(["python3", "-c", "import \(module)"]).status == 0 { return true }
        if isCI(environment) {
            Issue.record(
                """
                \(package) is not installed, so the \(module) validation cannot run, and under CI that fails the test: \
                pip install \(package) (.ci/run does)
                """)
            return false
        }
        let install = try run(["python3", "-m", "pip", "install", "--quiet", package])
        if install.status == 0, try run(["python3", "-c", "import \(module)"]).status == 0 { return true }
        let probe = try run(["python3", "-c", "import socket; socket.create_connection(('pypi.org', 443), 10)"])
        if probe.status != 0 {
            print(
                """
                ************************************************************************
                SKIPPED: \(package) is not installed and pip has no network (PyPI unreachable).
                The \(module) validation did NOT run. Install it: pip install \(package)
                ************************************************************************
                """)
            return false
        }
        throw Failure("pip install \(package) failed although PyPI is reachable:\n\(install.output)")
    }

    /// `CI=true` (or `1`), as CI services and `.ci/run` set it.
    static func isCI(_ environment: [String: String]) -> Bool {
        ["true", "1"].contains(environment["CI"]?.lowercased() ?? "")
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
