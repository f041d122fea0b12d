import EvidenceModel
import Foundation
import Testing
import VigilTestSupport

/// Attacks on the index that leave every row as the signed log has it, so that a row audit alone
/// finds nothing: SQLite objects that rewrite rows later (a trigger), and an index b-tree that no
/// longer matches its table. Each must be reported by the audit that precedes the seal (exit 3),
/// or a later collect's rows would be rewritten inside a sealed index and believed.
@Suite(.serialized)
struct IndexSchemaAttackTests {
    @Test func aTriggerThatRewritesLaterRowsIsReportedBeforeItIsSealed() throws {
        let w = try TamperedWorkspace()
        #expect(try w.status(of: "host:web-01") == (1, "pass"))
        #expect(FileManager.default.fileExists(atPath: w.index + ".seal"))
        // Every record indexed from now on is filed a year later than observed: a newer failing
        // inventory would be passed over for the older passing one.
        try w.sql(
            """
            CREATE TRIGGER later AFTER INSERT ON record
            BEGIN UPDATE record SET observed_at = observed_at + 31536000 WHERE seq = NEW.seq; END
            """)
        let check = try w.vigil(["check", "--at", "2026-11-22T00:00:00Z"])
        #expect(check.status == 3, "\(check.stderr)")
        #expect(check.stderr.contains("trigger 'later'"), "\(check.stderr)")
        try w.scratch.write("next/web-01.json", Fixtures.fwupd(updatable: false))
        _ = try w.vigil(["collect", "fwupd", "next", "--observed-at", "2026-11-21T00:00:00Z"])
        let seen = try w.status(of: "host:web-01")
        #expect(seen.exit == 3, "a rewritten row must never be sealed and believed: \(seen)")
        #expect(try w.vigil(["index", "rebuild"]).status == 0)
        #expect(try w.status(of: "host:web-01") == (1, "fail"))
    }

    /// Builds `definition` (an index named `evil`) and puts its b-tree under `name`, as
    /// `PRAGMA writable_schema` allows: the rows and every object's SQL stay as Vigil made them. Then
    /// a check must stop on SQLite's integrity check, and a rebuild gives `web-01` its status back.
    private func plant(_ definition: String, as name: String, status: String) throws {
        let w = try TamperedWorkspace()
        #expect(try w.status(of: "host:web-01") == (1, status))
        let script = [
            "import sqlite3, sys",
            "c = sqlite3.connect(sys.argv[1])",
            "c.execute(sys.argv[2])",
            "c.commit()",
            "c.execute('PRAGMA writable_schema = ON')",
            "page = c.execute(\"SELECT rootpage FROM sqlite_master WHERE name = 'evil'\").fetchone()[0]",
            "c.execute('UPDATE sqlite_master SET rootpage = ? WHERE name = ?', (page, sys.argv[3]))",
            "c.execute(\"DELETE FROM sqlite_master WHERE name = 'evil'\")",
            "c.commit()",
        ].joined(separator: "\n")
        let run = try runProcess("python3", ["-c", script, w.index, definition, name])
        #expect(run.status == 0, "\(run.output)")
        let check = try w.vigil(["check", "--at", "2026-11-22T00:00:00Z"])
        #expect(check.status == 3, "\(check.stderr)")
        #expect(check.stderr.contains("integrity check"), "\(check.stderr)")
        #expect(try w.vigil(["index", "rebuild"]).status == 0)
        #expect(try w.status(of: "host:web-01") == (1, status))
    }

    /// The selection's index pointed at another b-tree: a partial index's, without web-01's rows.
    @Test func anIndexThatNoLongerMatchesItsTableIsReported() throws {
        try plant(
            "CREATE INDEX evil ON record(kind, subject, observed_at) WHERE subject <> 'host:web-01'", as: "record_by_kind_subject",
            status: "pass")
    }

    /// The kind indexes hold each record's logged time, subject and seq, and a check's selection reads
    /// them there, not in the row: a b-tree whose logged times were moved a month earlier (an
    /// expression index) would pass `--known-at` filters the rows would not.
    @Test func aKindIndexWithEarlierLoggedTimesThanItsRowsIsReported() throws {
        try plant(
            "CREATE INDEX evil ON record(kind, subject, observed_at, logged_at - 2592000, seq)", as: "record_by_kind_subject",
            status: "pass")
    }
}
