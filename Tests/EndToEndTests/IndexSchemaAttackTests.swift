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

    /// The selection's index pointed at another b-tree (`PRAGMA writable_schema`): the rows and
    /// every object's SQL are as Vigil made them, only SQLite's integrity check sees it.
    @Test func anIndexThatNoLongerMatchesItsTableIsReported() throws {
        let w = try TamperedWorkspace()
        #expect(try w.status(of: "host:web-01") == (1, "pass"))
        // A partial index's b-tree, without web-01's rows, put under the selection's index's name.
        let script = [
            "import sqlite3, sys",
            "c = sqlite3.connect(sys.argv[1])",
            "c.execute(\"CREATE INDEX evil ON record(kind, subject, observed_at) WHERE subject <> 'host:web-01'\")",
            "c.commit()",
            "c.execute('PRAGMA writable_schema = ON')",
            "page = c.execute(\"SELECT rootpage FROM sqlite_master WHERE name = 'evil'\").fetchone()[0]",
            "c.execute(\"UPDATE sqlite_master SET rootpage = ? WHERE name = 'record_by_kind_subject'\", (page,))",
            "c.execute(\"DELETE FROM sqlite_master WHERE name = 'evil'\")",
            "c.commit()",
        ].joined(separator: "\n")
        let run = try runProcess("python3", ["-c", script, w.index])
        #expect(run.status == 0, "\(run.output)")
        let check = try w.vigil(["check", "--at", "2026-11-22T00:00:00Z"])
        #expect(check.status == 3, "\(check.stderr)")
        #expect(check.stderr.contains("integrity check"), "\(check.stderr)")
        #expect(try w.vigil(["index", "rebuild"]).status == 0)
        #expect(try w.status(of: "host:web-01") == (1, "pass"))
    }

    /// The kind indexes hold each record's logged time, subject and seq, and a check's selection reads
    /// them there, not in the row: a b-tree whose logged times were moved a month earlier (an
    /// expression index put under `record_by_kind_subject`'s name) would pass `--known-at` filters
    /// the rows would not. The rows are untouched; SQLite's integrity check sees the b-tree.
    @Test func aKindIndexWithEarlierLoggedTimesThanItsRowsIsReported() throws {
        let w = try TamperedWorkspace()
        #expect(try w.status(of: "host:web-01") == (1, "pass"))
        let script = [
            "import sqlite3, sys",
            "c = sqlite3.connect(sys.argv[1])",
            "c.execute('CREATE INDEX evil ON record(kind, subject, observed_at, logged_at - 2592000, seq)')",
            "c.commit()",
            "c.execute('PRAGMA writable_schema = ON')",
            "page = c.execute(\"SELECT rootpage FROM sqlite_master WHERE name = 'evil'\").fetchone()[0]",
            "c.execute(\"UPDATE sqlite_master SET rootpage = ? WHERE name = 'record_by_kind_subject'\", (page,))",
            "c.execute(\"DELETE FROM sqlite_master WHERE name = 'evil'\")",
            "c.commit()",
        ].joined(separator: "\n")
        let run = try runProcess("python3", ["-c", script, w.index])
        #expect(run.status == 0, "\(run.output)")
        let check = try w.vigil(["check", "--at", "2026-11-22T00:00:00Z"])
        #expect(check.status == 3, "\(check.stderr)")
        #expect(check.stderr.contains("integrity check"), "\(check.stderr)")
        #expect(try w.vigil(["index", "rebuild"]).status == 0)
        #expect(try w.status(of: "host:web-01") == (1, "pass"))
    }
}
