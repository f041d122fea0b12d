import Foundation

/// `python3 -m http.server` serving a folder on 127.0.0.1 at a port the kernel picks, for the
/// length of a test: a real plain-HTTP static server, as a domain owner would fetch from.
final class StaticServer: @unchecked Sendable {  // immutable after init; the log is a locked box
    let url: URL
    private let process: Process
    private let log = AccessLog()

    /// Starts the server and waits (at most `timeout` seconds) until it says where it listens.
    init(serving folder: URL, timeout: TimeInterval = 15) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", folder.path]
        let (out, err) = try process.runWithPipes()
        let log = self.log
        err.fileHandleForReading.readabilityHandler = { handle in
            let chunk = handle.availableData
            if chunk.isEmpty { handle.readabilityHandler = nil } else { log.append(chunk) }
        }
        let port = try Self.announcedPort(of: process, on: out, timeout: timeout, name: "python3 -m http.server")
        url = URL(string: "http://127.0.0.1:\(port)")!
    }

    /// The paths requested so far, in order (from the server's access log).
    var requestedPaths: [String] {
        let text = log.text
        return text.matches(of: /"GET (\S+) HTTP/).map { String($0.1) }
    }

    /// The port a server prints on its first line (`… port 43121 …`), waited for at most `timeout`
    /// seconds; the server is killed when it says nothing in time.
    static func announcedPort(of process: Process, on out: Pipe, timeout: TimeInterval, name: String) throws -> String {
        let started = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var banner = ""
        DispatchQueue.global().async {
            var text = ""
            while !text.contains("\n") {
                let chunk = out.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                text += String(decoding: chunk, as: UTF8.self)
            }
            banner = text
            started.signal()
        }
        guard started.wait(timeout: .now() + timeout) == .success, let port = banner.firstMatch(of: /port (\d+)/).map({ String($0.1) })
        else {
            kill(process.processIdentifier, SIGKILL)
            throw ServerError(reason: "\(name) did not start within \(Int(timeout)) s: '\(banner)'")
        }
        return port
    }

    /// SIGKILL: a child of the test runner inherits its blocked signal mask, SIGTERM included.
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit { stop() }

    private final class AccessLog: @unchecked Sendable {  // guarded by `lock`
        private let lock = NSLock()
        private var data = Data()
        func append(_ chunk: Data) { lock.withLock { data.append(chunk) } }
        var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }
    }

    struct ServerError: Error, CustomStringConvertible {
        let reason: String
        var description: String { reason }
    }
}
