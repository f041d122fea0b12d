import Foundation
import Testing

/// An index left behind its signed log (a collect killed after its commit, before indexing) is
/// caught up by the next command, which says so even when its stderr is not a terminal (cron mails
/// it), and gives the same answers as before.
@Suite(.serialized)
struct IndexCatchUpTests {
    private static let notice = "the index lacks 1101 entries of the signed log"

    private func inventory(hosts: Int) -> String {
        (0..<hosts).map { "- {id: host-\($0), type: host, owner: ops@example.net}\n" }.joined()
    }

    @Test func anIndexThatFellBehindIsCaughtUpWithANoticeAndAnswersAsBefore() throws {
        let scratch = try Scratch()
        try scratch.write("inventory.yaml", inventory(hosts: 1100))
        #expect(try scratch.vigil(["init", "--controls", "none"]).status == 0)
        let collect = try scratch.vigil(["collect", "assets", "inventory.yaml"])
        #expect(collect.status == 0, "\(collect.stderr)")
        #expect(!collect.stderr.contains("the index lacks"), "a collect indexing what it appended says nothing")
        let before = try scratch.vigil(["evidence", "list"])
        #expect(before.status == 0 && before.stderr.isEmpty, "\(before.stderr)")

        try FileManager.default.removeItem(at: scratch.url.appendingPathComponent(".vigil/index.sqlite"))
        let caughtUp = try scratch.vigil(["evidence", "list"])
        #expect(caughtUp.status == 0)
        #expect(caughtUp.stderr.contains(Self.notice), "\(caughtUp.stderr)")
        #expect(caughtUp.stderr.contains("indexed 1101 log entries (1101 records)"), "\(caughtUp.stderr)")
        #expect(caughtUp.stdout == before.stdout)
        #expect(try scratch.vigil(["evidence", "list"]).stderr.isEmpty, "once caught up, nothing more to say")
    }

    @Test func quietSilencesTheNotice() throws {
        let scratch = try Scratch()
        try scratch.write("inventory.yaml", inventory(hosts: 1100))
        #expect(try scratch.vigil(["init", "--controls", "none"]).status == 0)
        #expect(try scratch.vigil(["collect", "assets", "inventory.yaml"]).status == 0)
        try FileManager.default.removeItem(at: scratch.url.appendingPathComponent(".vigil/index.sqlite"))
        let quiet = try scratch.vigil(["evidence", "list", "--quiet"])
        #expect(quiet.status == 0 && quiet.stderr.isEmpty, "\(quiet.stderr)")
    }
}
