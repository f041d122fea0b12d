import Foundation
import Testing

/// A collector pushes over http to a remote that asks for a password, which comes from git's own
/// credential helper (`git credential fill`): Vigil stores none and never prompts.
@Suite(.serialized)
struct FleetCredentialsTests {
    @Test func aPushOverHTTPTakesItsPasswordFromGitsCredentialHelper() throws {
        let fleet = try FleetTests.Fleet()
        let server = try GitHTTPServer(root: fleet.scratch.url, user: "collector", password: "s3cret-from-helper")
        defer { server.stop() }
        let remote = server.url.appendingPathComponent("hub.git").absoluteString
        try fleet.collect("a", host: "web-01")

        // git's store helper, configured for this test alone: HOME and the global config point here.
        let credentials = try fleet.scratch.write("git-credentials", "http://collector:s3cret-from-helper@\(server.url.host!):\(server.url.port!)\n")
        let config = try fleet.scratch.write("gitconfig", "[credential]\n\thelper = store --file=\(credentials.path)\n")
        let environment = ["HOME": fleet.scratch.url.path, "GIT_CONFIG_GLOBAL": config.path, "GIT_CONFIG_NOSYSTEM": "1"]
        let pushed = try fleet.scratch.vigil(["push", "--home", "a", remote], environment: environment)
        #expect(pushed.status == 0, "\(pushed.stderr)")
        #expect(try runGit(["--git-dir", fleet.hub, "rev-parse", "--verify", "refs/heads/collect/a"]).status == 0)

        // The password is nowhere in the collector's workspace.
        let files = FileManager.default.enumerator(atPath: fleet.storePath("a"))?.allObjects as? [String] ?? []
        for file in files {
            let data = FileManager.default.contents(atPath: fleet.storePath("a") + "/" + file) ?? Data()
            #expect(data.range(of: Data("s3cret-from-helper".utf8)) == nil, "\(file)")
        }

        // Without a helper that knows it, the push fails saying so, and nothing prompts.
        try fleet.collect("b", host: "web-02")
        let refused = try fleet.scratch.vigil(["push", "--home", "b", remote],
                                              environment: ["HOME": fleet.scratch.url.path, "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1"])
        #expect(refused.status == 4, "\(refused.stderr)")
        #expect(refused.stderr.contains("127.0.0.1") && refused.stderr.lowercased().contains("auth"), "\(refused.stderr)")
        #expect(try runGit(["--git-dir", fleet.hub, "rev-parse", "--verify", "refs/heads/collect/b"]).status != 0)
    }
}
