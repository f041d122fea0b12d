import EvidenceModel
import Foundation
import Testing

/// The domain owner's view through the built binary (issue #16): the decision log of
/// `vigil evidence list --format text`, and a published subject log that `vigil log verify-subject`
/// proves from a folder or a real HTTP server, with nothing but the log's verifier key.
@Suite(.serialized)
struct SubjectLogTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let boulderLog = repository.appendingPathComponent("Evidence/webpki/mpic/boulder-audit.log")
    static let domain = "domain:shop.example.org"
    static let folder = "subjects/" + SHA256Hex.of(Data(domain.utf8))

    /// A workspace with the shipped Boulder audit log collected into a store of `layout`, published
    /// with its domains' logs.
    private func published(layout: String = "folders") throws -> (scratch: Scratch, www: URL, vkey: URL) {
        let scratch = try Scratch()
        #expect(try scratch.vigil(["init", "--controls", "none", "--store-layout", layout]).status == 0)
        let collect = try scratch.vigil(["collect", "boulder-audit", Self.boulderLog.path])
        #expect(collect.status == 0, "\(collect.stderr)")
        let www = scratch.url.appendingPathComponent("www")
        let publish = try scratch.vigil(["publish", "--to", www.path, "--subjects", "domain:"])
        #expect(publish.status == 0, "\(publish.stderr)")
        let vkey = try scratch.write("log.vkey", try scratch.vigil(["keys", "public"]).stdout)
        return (scratch, www, vkey)
    }

    @Test func theTextListGroupsEachIssuanceWithItsInputsAndJSONStaysOneRecordPerLine() throws {
        let (scratch, _, _) = try published()
        let text = try scratch.vigil(["evidence", "list", "--subject", Self.domain, "--format", "text"])
        #expect(text.status == 0, "\(text.stderr)")
        let lines = text.stdout.split(separator: "\n").map(String.init)
        #expect(
            lines.first?.hasPrefix("Issuance 2026-11-28T11:20:30.877Z successful, serial 03b7a91c2e4d6f80a1b3c5d7e9f1a3b5c7d9") == true,
            "\(text.stdout)")
        let steps = lines.dropFirst().map { $0.dropFirst(28).prefix(12).trimmingCharacters(in: .whitespaces) }
        #expect(steps == ["request"] + Array(repeating: "validation", count: 6) + ["caa", "decision"], "\(text.stdout)")
        #expect(text.stdout.contains("http-01 primary va-1: valid quorum 5/5, passed ap-northeast-1, eu-central-1, sa-east-1, us-east-2, us-west-2"))
        let json = try scratch.vigil(["evidence", "list", "--subject", Self.domain])
        let records = json.stdout.split(separator: "\n")
        #expect(records.count == 8)
        for line in records { #expect(try JSONValue.parse(Data(line.utf8))["id"]?.stringValue?.count == 64) }
    }

    @Test(arguments: TamperedWorkspace.layouts) func theOwnerProvesItsDomainFromThePublishedFolderAlone(layout: String) throws {
        let (scratch, www, vkey) = try published(layout: layout)
        defer { withExtendedLifetime(scratch) {} }
        for file in ["records", "head", "head.tlog-proof"] {
            #expect(FileManager.default.fileExists(atPath: www.appendingPathComponent("\(Self.folder)/\(file)").path))
        }
        let owner = try Scratch()  // no workspace: the domain owner's machine
        let run = try owner.vigil(["log", "verify-subject", "--from", www.path, "--trust", vkey.path, Self.domain])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("domain:shop.example.org: 8 records, complete and untampered; subject head at root log index"), "\(run.stdout)")
        #expect(run.stdout.contains("newest observed 2026-11-28T11:20:30.877Z"))
    }

    @Test func aTamperedRecordATruncatedHistoryAndAWrongKeyFailWithExit3() throws {
        let (scratch, www, vkey) = try published()
        let owner = try Scratch()
        let records = www.appendingPathComponent("\(Self.folder)/records")
        let original = try String(contentsOf: records, encoding: .utf8)

        try original.replacingOccurrences(of: "\"status\":\"valid\"", with: "\"status\":\"VALID\"").write(to: records, atomically: true, encoding: .utf8)
        let tampered = try owner.vigil(["log", "verify-subject", "--from", www.path, "--trust", vkey.path, Self.domain])
        #expect(tampered.status == 3)
        #expect(tampered.stderr.contains("\(Self.folder)/records: the records do not rebuild the signed subject root"), "\(tampered.stderr)")

        var lines = original.split(separator: "\n", omittingEmptySubsequences: false)
        lines.remove(at: 2)
        try lines.joined(separator: "\n").write(to: records, atomically: true, encoding: .utf8)
        let truncated = try owner.vigil(["log", "verify-subject", "--from", www.path, "--trust", vkey.path, Self.domain])
        #expect(truncated.status == 3)
        #expect(truncated.stderr.contains("7 records, but the signed head says domain:shop.example.org has 8"), "\(truncated.stderr)")

        try original.write(to: records, atomically: true, encoding: .utf8)
        let stranger = try Scratch()
        #expect(try stranger.vigil(["init", "--controls", "none"]).status == 0)
        let wrongKey = try stranger.write("other.vkey", try stranger.vigil(["keys", "public"]).stdout)
        let wrong = try owner.vigil(["log", "verify-subject", "--from", www.path, "--trust", wrongKey.path, Self.domain])
        #expect(wrong.status == 3)
        #expect(wrong.stderr.contains("head.tlog-proof: the head is not proven in the signed root log"), "\(wrong.stderr)")
        withExtendedLifetime(scratch) {}
    }

    @Test func theOwnerFetchesOnlyItsSubjectsFilesAndTheCheckpointOverHTTP() throws {
        let (scratch, www, vkey) = try published()
        let server = try StaticServer(serving: www)
        defer { server.stop() }
        let owner = try Scratch()
        let run = try owner.vigil(["log", "verify-subject", "--from", server.url.absoluteString, "--trust", vkey.path, Self.domain])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("8 records, complete and untampered"))
        // Every root entry after its head is checked (where the head is follows the subjects' hashes).
        let index = run.stdout.firstMatch(of: /root log index (\d+) of [^ ]+ size (\d+)/).map { (Int($0.1) ?? 0, Int($0.2) ?? 0) }
        let later = index.map { $0.1 - 1 - $0.0 } ?? -1
        #expect(later >= 0 && run.stdout.contains(", the newest (\(later) later root entr"), "\(run.stdout)")
        // Its files, the checkpoint, and the root log's entries from its head's bundle on (here the one
        // partial bundle, which starts at 0 so needs no hash tile) to show no newer head follows.
        #expect(
            Set(server.requestedPaths)
                == Set([
                    "/checkpoint", "/\(Self.folder)/records", "/\(Self.folder)/head",
                    "/\(Self.folder)/head.tlog-proof", "/tile/entries/000.p/3",
                ]), "\(server.requestedPaths)")

        let records = www.appendingPathComponent("\(Self.folder)/records")
        let original = try String(contentsOf: records, encoding: .utf8)
        let lines = original.split(separator: "\n")
        try (lines.dropLast().joined(separator: "\n") + "\n").write(to: records, atomically: true, encoding: .utf8)
        let truncated = try owner.vigil(["log", "verify-subject", "--from", server.url.absoluteString + "/", "--trust", vkey.path, Self.domain])
        #expect(truncated.status == 3)
        #expect(truncated.stderr.contains("history truncated"), "\(truncated.stderr)")

        try original.replacingOccurrences(of: "shop.example.org", with: "shop.example.com").write(to: records, atomically: true, encoding: .utf8)
        let tampered = try owner.vigil(["log", "verify-subject", "--from", server.url.absoluteString, "--trust", vkey.path, Self.domain])
        #expect(tampered.status == 3)
        #expect(tampered.stderr.contains("records line 1: record"), "\(tampered.stderr)")

        let unknown = try owner.vigil(["log", "verify-subject", "--from", server.url.absoluteString, "--trust", vkey.path, "domain:nobody.example"])
        #expect(unknown.status == 3)
        #expect(unknown.stderr.contains("missing (no published log of domain:nobody.example)"), "\(unknown.stderr)")
        withExtendedLifetime(scratch) {}
    }
}
