import Foundation

/// Runs Python validators the way an auditor or a CI job would (xml.etree, junitparser, compliance-trestle).
///
/// A missing package is installed with pip. Only when pip cannot reach the network is a check skipped,
/// and then loudly: every other failure fails the test.
enum PythonTools {
    struct Run {
        let status: Int32
        let output: String
    }

    @discardableResult
    static func run(_ arguments: [String], in directory: URL? = nil, input: String? = nil) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let stdin = Pipe()
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    /// Whether `module` imports, installing `package` first when it does not. False (after a loud
    /// message) only when pip fails and PyPI is unreachable.
    static func ensure(module: String, package: String) throws -> Bool {
        if try run(["python3", "-c", "import \(module)"]).status == 0 { return true }
        let install = try run(["python3", "-m", "pip", "install", "--quiet", package])
        if install.status == 0, try run(["python3", "-c", "import \(module)"]).status == 0 { return true }
        let probe = try run(["python3", "-c", "import socket; socket.create_connection(('pypi.org', 443), 10)"])
        if probe.status != 0 {
            print("""
                ************************************************************************
                SKIPPED: \(package) is not installed and pip has no network (PyPI unreachable).
                The \(module) validation did NOT run. Install it: pip install \(package)
                ************************************************************************
                """)
            return false
        }
        throw Failure("pip install \(package) failed although PyPI is reachable:\n\(install.output)")
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-reports-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
