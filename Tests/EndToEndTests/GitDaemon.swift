import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `git daemon` serving (and accepting pushes into) the repositories under a folder on 127.0.0.1,
/// for the length of a test: a real `git://` remote.
final class GitDaemon: @unchecked Sendable {  // immutable after init
    let port: Int
    private let process: Process

    /// Starts the daemon on a free port and waits (at most `timeout` seconds) until it answers.
    init(basePath folder: URL, timeout: TimeInterval = 15) throws {
        port = try Self.freePort()
        process = Process()
        // git-daemon itself, not `git daemon`: the wrapper can exit and leave the daemon unowned.
        process.executableURL = URL(fileURLWithPath: "/usr/lib/git-core/git-daemon")
        process.arguments = [
            "--export-all", "--enable=receive-pack", "--base-path=\(folder.path)",
            "--listen=127.0.0.1", "--port=\(port)", "--reuseaddr", folder.path,
        ]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        // A TCP probe, not `git ls-remote`: its pipe would stay open in the daemon's forked children.
        while !Self.accepts(port: port) {
            guard Date() < deadline else {
                stop()
                throw StaticServer.ServerError(reason: "git daemon did not answer on port \(port) within \(Int(timeout)) s")
            }
            usleep(100_000)
        }
    }

    func url(_ repository: String) -> String { "git://127.0.0.1:\(port)/\(repository)" }

    /// SIGKILL: a child of the test runner inherits its blocked signal mask, SIGTERM included.
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit { stop() }

    static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = loopback(port: port)
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return address
    }

    /// A port the kernel hands out for an ephemeral bind (free now; the daemon takes it next).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw StaticServer.ServerError(reason: "no free port: \(String(cString: strerror(errno)))") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
