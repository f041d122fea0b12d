import Foundation
import VigilTestSupport

/// Runs the built `vigil` binary, as a user or cron would.
struct VigilRun {
    let status: Int32
    let stdout: String
    let stderr: String
}

enum VigilBinary {
    /// The `vigil` next to this test bundle in the build's products folder (or VIGIL_BINARY).
    static var url: URL {
        if let explicit = ProcessInfo.processInfo.environment["VIGIL_BINARY"] { return URL(fileURLWithPath: explicit) }
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = runner.deletingLastPathComponent()
        // The runner is …/debug/vigilPackageTests.xctest (a file on Linux, a bundle elsewhere).
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("vigil").path), folder.path != "/" {
            folder = folder.deletingLastPathComponent()
        }
        return folder.appendingPathComponent("vigil")
    }

    @discardableResult
    static func run(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> VigilRun {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "VIGIL_HOME")
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let (out, err) = try process.runWithPipes()
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave()
        }
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave()
        }
        group.wait()
        process.waitUntilExit()
        return VigilRun(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }
}

/// A temporary folder holding a workspace, controls and inputs; removed afterwards.
final class Scratch: Sendable {
    private let folder: TemporaryFolder
    var url: URL { folder.url }

    init() throws { folder = try TemporaryFolder("vigil-e2e") }

    @discardableResult
    func write(_ relativePath: String, _ text: String) throws -> URL {
        try write(relativePath, Data(text.utf8))
    }

    @discardableResult
    func write(_ relativePath: String, _ data: Data) throws -> URL {
        let file = url.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: file)
        return file
    }

    func vigil(_ arguments: [String], environment: [String: String] = [:]) throws -> VigilRun {
        try VigilBinary.run(arguments, in: url, environment: environment)
    }
}

extension Process {
    /// Starts the process with stdin closed; returns its stdout and stderr pipes.
    func runWithPipes() throws -> (out: Pipe, err: Pipe) {
        let out = Pipe()
        let err = Pipe()
        standardOutput = out
        standardError = err
        standardInput = FileHandle.nullDevice
        try run()
        return (out, err)
    }
}
