import EvidenceModel
import Foundation
import Testing
import VigilTestSupport

/// Malformed inputs are named with place and reason, stored not at all, and never block the good ones.
@Suite(.serialized)
struct BadInputTests {
    static let cases: [(file: String, content: Data, expected: String)] = [
        ("truncated.json", Data(#"{"Devices":[{"DeviceId":"a","Name":"x"#.utf8), "line"),
        ("wrongtype.json", Data(#"{"Devices":[{"DeviceId":"a","Flags":"updatable"}]}"#.utf8), "$.Devices[0].Flags"),
        ("nodevices.json", Data(#"{"Devices":[{"Name":"no id"}]}"#.utf8), "DeviceId"),
        ("empty.json", Data(), "empty"),
        ("garbage.json", Data([0xff, 0xfe, 0x00, 0x13, 0x37, 0x80, 0x81]), "UTF-8"),
    ]

    @Test func eachMalformedFileIsRejectedWithFileAndPlaceAndNothingIsStored() throws {
        let scratch = try Scratch()
        #expect(try scratch.vigil(["init", "--controls", "none"]).status == 0)
        let store = scratch.url.appendingPathComponent(".vigil/store").path
        for bad in Self.cases {
            try scratch.write("bad/\(bad.file)", bad.content)
            let run = try scratch.vigil(["collect", "fwupd", "bad/\(bad.file)", "--subject", "host:x"])
            #expect(run.status == 2, "\(bad.file)")
            let lines = run.stderr.split(separator: "\n").filter { $0.contains("rejected") }
            #expect(lines.count == 1, "\(bad.file): \(run.stderr)")
            #expect(lines.first?.contains("bad/\(bad.file)") == true, "\(run.stderr)")
            #expect(lines.first?.contains(bad.expected) == true, "\(bad.file): \(run.stderr)")
        }
        let raw = try runGit(["--git-dir", store, "ls-tree", "-r", "--name-only", "HEAD"])
        #expect(!raw.output.contains("raw/"), "nothing of a rejected file is stored")
        #expect(try scratch.vigil(["evidence", "list"]).stdout.isEmpty)
    }

    @Test func emptyFolderGivenToACollectorIsRejectedNamingIt() throws {
        let scratch = try Scratch()
        #expect(try scratch.vigil(["init", "--controls", "none"]).status == 0)
        try FileManager.default.createDirectory(
            at: scratch.url.appendingPathComponent("emptydir/sub"),
            withIntermediateDirectories: true)
        let run = try scratch.vigil(["collect", "fwupd", "emptydir/"])
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains("emptydir"), "\(run.stderr)")
        #expect(run.stderr.contains("holds no input files"), "\(run.stderr)")
    }

    @Test func boulderLogStillBeingWrittenKeepsItsCompleteLinesAndWarns() throws {
        let scratch = try Scratch()
        #expect(try scratch.vigil(["init", "--controls", "none"]).status == 0)
        let log = try Data(contentsOf: WebPKIIssuanceTests.log)
        try scratch.write("va.log", log.prefix(log.count - 40))
        let run = try scratch.vigil(["collect", "boulder-audit", "va.log"])
        #expect(run.status == 0, "\(run.stderr)")
        let warning = run.stderr.split(separator: "\n").filter { $0.contains("warning: ") }
        #expect(warning.count == 1, "\(run.stderr)")
        #expect(
            warning.first?.contains("va.log: line 18: last line is incomplete (still being written?)") == true,
            "\(run.stderr)")
        #expect(!run.stderr.contains("rejected"), "\(run.stderr)")
        #expect(try scratch.vigil(["evidence", "list"]).stdout.contains("issuance.decision"))
        #expect(try scratch.vigil(["log", "verify"]).status == 0)
    }

    @Test func badRegisterDatesAndSubjectsAreRejectedNamingTheEntry() throws {
        let scratch = try Scratch()
        #expect(try scratch.vigil(["init", "--controls", "none"]).status == 0)
        try scratch.write(
            "risks.yaml",
            """
            - id: RA-1
              control: FW-01
              subjects: [host:a]
              accepted_at: 10/01/2026
              expires_at: 2027-01-01
            """)
        let run = try scratch.vigil(["collect", "risks", "risks.yaml"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("risks.yaml"))
        #expect(run.stderr.contains("accepted_at"), "\(run.stderr)")
    }

    @Test func mixedRunCommitsTheGoodFilesAndRejectsTheBadOne() throws {
        let scratch = try Scratch()
        #expect(try scratch.vigil(["init", "--controls", "none"]).status == 0)
        try scratch.write("in/web-01.json", Fixtures.fwupd(updatable: true))
        try scratch.write("in/web-02.json", #"{"Devices": [ {"DeviceId": 42} ]}"#)
        try scratch.write("in/web-03.json", Fixtures.fwupd(updatable: false))
        let run = try scratch.vigil(["collect", "fwupd", "in", "--observed-at", "2026-11-20T00:00:00Z"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("in/web-02.json"))
        #expect(run.stderr.contains("$.Devices[0].DeviceId"), "\(run.stderr)")
        let listed = try scratch.vigil(["evidence", "list"]).stdout.split(separator: "\n")
        #expect(listed.count == 4)
        let subjects = Set(try listed.compactMap { try JSONValue.parse(Data($0.utf8))["subject"]?.stringValue })
        #expect(subjects == ["host:web-01", "host:web-03"])
        let store = scratch.url.appendingPathComponent(".vigil/store").path
        #expect(try runGit(["--git-dir", store, "rev-list", "--count", "HEAD"]).output == "2\n")
    }

    @Test func unknownCollectorAndBadTimestampAreUsageErrors() throws {
        let scratch = try Scratch()
        #expect(try scratch.vigil(["init", "--controls", "none"]).status == 0)
        try scratch.write("a.json", Fixtures.fwupd(updatable: true))
        let unknown = try scratch.vigil(["collect", "nosuch", "a.json"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("unknown collector 'nosuch'"))
        let badTime = try scratch.vigil(["collect", "fwupd", "a.json", "--observed-at", "yesterday"])
        #expect(badTime.status == 2)
        #expect(badTime.stderr.contains("--observed-at"))
        let badFlag = try scratch.vigil(["check", "--format", "pdf"])
        #expect(badFlag.status == 2)
    }

    @Test func lintNamesFileControlAndField() throws {
        let scratch = try Scratch()
        try scratch.write(
            "Controls/a.yaml",
            """
            - id: X-1
              title: t
              severity: high
              evidence: firmware.device
              freshness: 7x
              check: {type: firmware_updatable}
            - id: X-1
              title: duplicate
              severity: low
              evidence: asset
              check: {type: firmware_updatable}
            - id: X-2
              title: many problems
              severity: urgent
              evidence: asset
              check: {type: no_such_check}
              colour: blue
            """)
        let run = try scratch.vigil(["controls", "lint", "Controls"])
        #expect(run.status == 2)
        #expect(run.stdout.contains("Controls/a.yaml"))
        #expect(run.stdout.contains("freshness"))
        #expect(run.stdout.contains("severity"))
        #expect(run.stdout.contains("no_such_check"))
        #expect(run.stdout.contains("colour"))
        #expect(run.stdout.lowercased().contains("duplicate"))
    }
}
