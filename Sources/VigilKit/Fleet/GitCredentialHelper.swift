import EvidenceStore
import Foundation

/// Passwords for http(s) remotes from git's own credential helpers (`git credential fill`), as
/// git asks them: Vigil stores none. Never prompts: under cron there is nobody to answer.
enum GitCredentialHelper {
    static let credentials = RemoteCredentials { url, username in fill(url: url, username: username) }

    /// The `key=value` lines `git credential fill` reads for `url` (protocol, host, path, username).
    static func request(url: String, username: String?) -> String? {
        guard let parts = URLComponents(string: url), let scheme = parts.scheme, let host = parts.host else { return nil }
        var lines = ["protocol=\(scheme)", "host=\(host)\(parts.port.map { ":\($0)" } ?? "")"]
        let path = parts.path.hasPrefix("/") ? String(parts.path.dropFirst()) : parts.path
        if !path.isEmpty { lines.append("path=\(path)") }
        if let user = username ?? parts.user { lines.append("username=\(user)") }
        return lines.map { $0 + "\n" }.joined() + "\n"
    }

    private static func fill(url: String, username: String?) -> RemotePassword? {
        guard let input = request(url: url, username: username) else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "credential", "fill"]
        process.environment = ProcessInfo.processInfo.environment.merging(["GIT_TERMINAL_PROMPT": "0"]) { _, new in new }
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try? stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        var fields: [String: String] = [:]
        for line in String(decoding: output, as: UTF8.self).split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            fields[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        guard let user = fields["username"], let password = fields["password"] else { return nil }
        return RemotePassword(username: user, password: password)
    }
}
