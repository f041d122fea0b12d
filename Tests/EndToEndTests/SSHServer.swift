import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// OpenSSH's `sshd` on 127.0.0.1 for the length of a test, with its own host key and one client key
/// held by its own `ssh-agent`: a real `ssh://` remote that takes keys from the agent only.
final class SSHServer: @unchecked Sendable {  // one test's thread uses it
    let port: Int
    /// Environment for a client: HOME holds `.ssh/known_hosts` naming this server's host key, and
    /// SSH_AUTH_SOCK reaches the agent holding the one key the server accepts.
    let clientEnvironment: [String: String]
    private let server: pid_t
    private let agent: pid_t
    private var stopped = false

    static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: "/usr/sbin/sshd") }

    init(scratch: Scratch, timeout: TimeInterval = 15) throws {
        let home = scratch.url.appendingPathComponent("ssh-home")
        let ssh = home.appendingPathComponent(".ssh")
        try FileManager.default.createDirectory(at: ssh, withIntermediateDirectories: true)
        // sshd refuses to start without its privilege separation folder.
        try? FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
        let hostKey = ssh.appendingPathComponent("host_ed25519").path
        let clientKey = ssh.appendingPathComponent("id_ed25519").path
        try Self.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", hostKey])
        try Self.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", clientKey])
        try FileManager.default.copyItem(atPath: clientKey + ".pub", toPath: ssh.appendingPathComponent("authorized_keys").path)

        port = try GitDaemon.freePort()
        let hostPublic = try String(contentsOfFile: hostKey + ".pub", encoding: .utf8).split(separator: " ").prefix(2).joined(separator: " ")
        try "[127.0.0.1]:\(port) \(hostPublic)\n".write(to: ssh.appendingPathComponent("known_hosts"), atomically: true, encoding: .utf8)
        let config = ssh.appendingPathComponent("sshd_config")
        try """
        ListenAddress 127.0.0.1
        Port \(port)
        HostKey \(hostKey)
        AuthorizedKeysFile \(ssh.path)/authorized_keys
        PasswordAuthentication no
        KbdInteractiveAuthentication no
        PubkeyAuthentication yes
        PermitRootLogin prohibit-password
        StrictModes no
        UsePAM no
        PidFile none

        """.write(to: config, atomically: true, encoding: .utf8)

        // The agent in the foreground (-D) on a socket of our choosing: a forked agent would keep
        // the test's pipes open.
        let socket = scratch.url.appendingPathComponent("agent.sock").path
        clientEnvironment = ["HOME": home.path, "SSH_AUTH_SOCK": socket]

        // -D: in the foreground, owned by this test; -e: log to stderr (discarded).
        let server = try Self.spawn("/usr/sbin/sshd", ["-D", "-e", "-f", config.path])
        do { agent = try Self.spawn("/usr/bin/ssh-agent", ["-D", "-a", socket]) } catch {
            Self.reap(server)
            throw error
        }
        self.server = server
        let deadline = Date().addingTimeInterval(timeout)
        while !(GitDaemon.accepts(port: port) && FileManager.default.fileExists(atPath: socket)) {
            guard Date() < deadline else {
                stop()
                throw StaticServer.ServerError(reason: "sshd or ssh-agent did not start within \(Int(timeout)) s")
            }
            usleep(100_000)
        }
        try Self.run("/usr/bin/ssh-add", ["-q", clientKey], environment: ["SSH_AUTH_SOCK": socket])
    }

    /// An `ssh://` URL for a repository path on this server, logging in as the current user.
    func url(_ path: String) -> String {
        let user = String(cString: getpwuid(getuid()).pointee.pw_name)
        return "ssh://\(user)@127.0.0.1:\(port)\(path)"
    }

    /// SIGKILL: a child of the test runner inherits its blocked signal mask, SIGTERM included.
    func stop() {
        guard !stopped else { return }
        stopped = true
        [server, agent].forEach(Self.reap)
    }

    private static func reap(_ pid: pid_t) {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        _ = waitpid(pid, &status, 0)
    }

    deinit { stop() }

    /// Long-running servers are spawned directly rather than through Foundation's `Process`, whose
    /// exit monitoring then stopped noticing a short-lived sibling (`ssh-add`) exit: a hang, not a failure.
    private static func spawn(_ tool: String, _ arguments: [String]) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for descriptor: Int32 in 0...2 {
            posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        let argv = ([tool] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let code = posix_spawn(&pid, tool, &actions, nil, argv, environ)
        guard code == 0 else { throw StaticServer.ServerError(reason: "\(tool) could not start: \(String(cString: strerror(code)))") }
        return pid
    }

    private static func run(_ tool: String, _ arguments: [String], environment: [String: String] = [:]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw StaticServer.ServerError(reason: "\(tool) \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
        }
    }
}
