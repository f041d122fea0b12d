import Foundation

/// How a program run by a test ended: its exit status and what it wrote (standard output and
/// standard error together, in the order written).
public struct ProcessRun: Sendable {
    public let status: Int32
    public let output: String
}

/// Runs `program` (a path, or a name looked up in `PATH`) to its end: the one way tests run git,
/// Python validators and other tools (Vigil itself has its own runner, `VigilProcess`).
/// - Parameters:
///   - environment: added to this process's own.
///   - input: standard input's bytes, or a file to read it from; none gives an empty one.
@discardableResult
public func runProcess(
    _ program: String, _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:],
    input: ProcessInput = .bytes(Data())
) throws -> ProcessRun {
    let process = Process()
    if program.contains("/") {
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
    } else {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
    }
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
    if let directory { process.currentDirectoryURL = directory }
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    var stdin: Pipe?
    switch input {
    case .file(let url): process.standardInput = try FileHandle(forReadingFrom: url)
    case .bytes:
        stdin = Pipe()
        process.standardInput = stdin
    }
    try process.run()
    if case .bytes(let bytes) = input, let writer = stdin?.fileHandleForWriting {
        // Written from another thread: a program that answers before reading all of it must not
        // leave both sides waiting on full pipes.
        DispatchQueue.global().async {
            writer.write(bytes)
            try? writer.close()
        }
    }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ProcessRun(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
}

/// What a program run by ``runProcess(_:_:in:environment:input:)`` reads on standard input.
public enum ProcessInput: Sendable {
    case bytes(Data)
    case file(URL)

    public static func text(_ text: String) -> ProcessInput { .bytes(Data(text.utf8)) }
}

/// Runs the git command-line tool: tests check the store with it (the store itself uses libgit2).
@discardableResult
public func runGit(_ arguments: [String], environment: [String: String] = [:], input: URL? = nil) throws -> ProcessRun {
    try runProcess("/usr/bin/git", arguments, environment: environment, input: input.map(ProcessInput.file) ?? .bytes(Data()))
}
