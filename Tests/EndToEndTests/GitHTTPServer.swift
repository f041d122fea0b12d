import Foundation

/// git's smart HTTP (`git http-backend` behind a small Python server on 127.0.0.1) that asks for
/// basic authentication: a real remote a collector pushes to with a password from git's own
/// credential helper.
final class GitHTTPServer: @unchecked Sendable {  // immutable after init
    let url: URL
    private let process: Process

    static let script = #"""
        import base64, http.server, os, subprocess, sys
        ROOT, USER, PASSWORD = sys.argv[1], sys.argv[2], sys.argv[3]
        EXPECTED = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args): pass
            def do_GET(self): self.serve()
            def do_POST(self): self.serve()
            def body(self):
                if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                    data = b""
                    while True:
                        size = int(self.rfile.readline().strip().split(b";")[0], 16)
                        if size == 0:
                            self.rfile.readline()
                            return data
                        data += self.rfile.read(size)
                        self.rfile.readline()
                return self.rfile.read(int(self.headers.get("Content-Length") or 0))
            def serve(self):
                body = self.body()
                if self.headers.get("Authorization") != EXPECTED:
                    self.send_response(401)
                    self.send_header("WWW-Authenticate", 'Basic realm="vigil test"')
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                path, _, query = self.path.partition("?")
                env = dict(os.environ, GIT_PROJECT_ROOT=ROOT, GIT_HTTP_EXPORT_ALL="1", PATH_INFO=path, QUERY_STRING=query,
                           REQUEST_METHOD=self.command, CONTENT_TYPE=self.headers.get("Content-Type", ""),
                           CONTENT_LENGTH=str(len(body)), REMOTE_USER=USER, REMOTE_ADDR="127.0.0.1")
                out = subprocess.run(["git", "http-backend"], input=body, env=env, capture_output=True).stdout
                head, _, rest = out.partition(b"\r\n\r\n")
                status, headers = 200, []
                for line in head.decode().split("\r\n"):
                    name, _, value = line.partition(":")
                    if name.lower() == "status": status = int(value.split()[0])
                    elif name: headers.append((name, value.strip()))
                self.send_response(status)
                for name, value in headers: self.send_header(name, value)
                self.send_header("Content-Length", str(len(rest)))
                self.end_headers()
                self.wfile.write(rest)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        print(f"port {server.server_address[1]}", flush=True)
        server.serve_forever()
        """#

    /// Serves the repositories under `root`; only `user`:`password` may fetch or push.
    init(root: URL, user: String, password: String, timeout: TimeInterval = 15) throws {
        let script = root.appendingPathComponent("git-http-server.py")
        try Data(Self.script.utf8).write(to: script)
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-u", script.path, root.path, user, password]
        let (out, _) = try process.runWithPipes()
        let port = try StaticServer.announcedPort(of: process, on: out, timeout: timeout, name: "the git HTTP server")
        url = URL(string: "http://127.0.0.1:\(port)")!
    }

    /// SIGKILL: a child of the test runner inherits its blocked signal mask, SIGTERM included.
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit { stop() }
}
