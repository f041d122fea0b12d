import EvidenceModel
import Foundation
import Testing
import VigilTestSupport

/// A collect larger than `limits.records_per_commit` is stored as a chain of commits, HEAD moving once:
/// the same evidence and verdicts as one commit, and an input that fails after some of its batches
/// were staged leaves nothing of itself behind.
@Suite(.serialized)
struct BatchedCollectTests {
    static let log = WebPKIIssuanceTests.log
    static let repository = CLIHabitsTests.repository
    static let controls = WebPKIIssuanceTests.repository.appendingPathComponent("Controls/webpki-issuance.yaml")

    /// A workspace with the issuance control, `records_per_commit` set when given, and `extra` inputs.
    private func workspace(recordsPerCommit: Int?) throws -> Scratch {
        let scratch = try Scratch()
        try scratch.write("Controls/webpki-issuance.yaml", try Data(contentsOf: Self.controls))
        #expect(try scratch.vigil(["init", "--controls", "none"]).status == 0)
        if let recordsPerCommit {
            let configuration = scratch.url.appendingPathComponent("vigil.yaml")
            let text = try String(contentsOf: configuration, encoding: .utf8)
            try scratch.write("vigil.yaml", text + "\nlimits: {records_per_commit: \(recordsPerCommit)}\n")
        }
        try scratch.write("fw/web-01.json", Fixtures.fwupd(updatable: true))
        return scratch
    }

    private func commits(_ scratch: Scratch) throws -> Int {
        let store = scratch.url.appendingPathComponent(".vigil/store").path
        return Int(try runGit(["--git-dir", store, "rev-list", "--count", "HEAD"]).output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    private func head(_ scratch: Scratch) throws -> String {
        try runGit(["--git-dir", scratch.url.appendingPathComponent(".vigil/store").path, "rev-parse", "HEAD"]).output
    }

    /// Every stored record, one canonical JSON line each, sorted.
    private func evidence(_ scratch: Scratch) throws -> [String] {
        let list = try scratch.vigil(["evidence", "list"])
        #expect(list.status == 0, "\(list.stderr)")
        return list.stdout.split(separator: "\n").map(String.init).sorted()
    }

    private func verdicts(_ scratch: Scratch) throws -> JSONValue? {
        let run = try scratch.vigil(["check", "--at", "2026-11-29T12:00:00Z", "--format", "json"])
        return try JSONValue.parse(Data(run.stdout.utf8))["controls"]
    }

    /// A log for a streaming collector is read from its file as it is parsed: `limits.file_size`
    /// (which bounds what is read whole) does not refuse it, and its raw input is stored byte for byte.
    @Test func aStreamedLogIsNotBoundByTheFileSizeLimit() throws {
        let scratch = try workspace(recordsPerCommit: nil)
        let bytes = try Data(contentsOf: Self.log)
        #expect(bytes.count > 2048)
        let configuration = scratch.url.appendingPathComponent("vigil.yaml")
        try scratch.write("vigil.yaml", try String(contentsOf: configuration, encoding: .utf8) + "\nlimits: {file_size: 2KiB}\n")
        let run = try scratch.vigil(["collect", "boulder-audit", Self.log.path, "--observed-at", "2026-11-28T12:00:00Z"])
        #expect(run.status == 0, "\(run.stderr)")
        let raw = try runGit(["--git-dir", scratch.url.appendingPathComponent(".vigil/store").path, "cat-file", "-p", "HEAD:raw/\(SHA256Hex.of(bytes))"])
        #expect(raw.status == 0 && Data(raw.output.utf8) == bytes)
        try scratch.write("fw/big.json", Data(Fixtures.fwupd(updatable: true).utf8) + Data(repeating: 0x20, count: 2048))
        let fw = try scratch.vigil(["collect", "fwupd", "fw/big.json", "--observed-at", "2026-11-28T12:00:00Z"])
        #expect(fw.status == 2 && fw.stderr.contains("limits.file_size"), "a whole-read input still has the limit: \(fw.stderr)")
        // mpic reads its file a response at a time: the file may be over the limit (two responses,
        // compacted, 3 KiB), a response held whole may not (the same response as written, 2.2 KB).
        let response = try JSONValue.parse(Data(contentsOf: Self.repository.appendingPathComponent("Evidence/webpki/mpic/mail.example.net.json")))
        try scratch.write("mpic/two.json", try CanonicalJSON.data(.array([response, response])))
        let two = try scratch.vigil(["collect", "mpic", "mpic/two.json", "--observed-at", "2026-11-28T12:00:00Z"])
        #expect(two.status == 0, "\(two.stderr)")
        try FileManager.default.copyItem(
            at: Self.repository.appendingPathComponent("Evidence/webpki/mpic/mail.example.net.json"), to: scratch.url.appendingPathComponent("mpic/big.json"))
        let mpic = try scratch.vigil(["collect", "mpic", "mpic/big.json", "--observed-at", "2026-11-28T12:00:00Z"])
        #expect(mpic.status == 2, "\(mpic.stderr)")
        #expect(mpic.stderr.contains("big.json: $: a JSON value of 2233 bytes is over the limit of 2 KiB (limits.file_size in vigil.yaml)"), "\(mpic.stderr)")
    }

    @Test func aRunLargerThanABatchIsAChainOfCommitsHoldingTheSameEvidence() throws {
        let whole = try workspace(recordsPerCommit: nil)
        let batched = try workspace(recordsPerCommit: 3)
        var stored = 0
        for scratch in [whole, batched] {
            let run = try scratch.vigil(["collect", "boulder-audit", Self.log.path, "--observed-at", "2026-11-28T12:00:00Z"])
            #expect(run.status == 0, "\(run.stderr)")
            // Subjects recur across the chain's commits, each logging them again: that is not an
            // index left behind by an interrupted run.
            #expect(!run.stderr.contains("the index lacks"), "\(run.stderr)")
            let fw = try scratch.vigil(["collect", "fwupd", "fw/web-01.json", "--observed-at", "2026-11-28T12:00:00Z"])
            #expect(fw.status == 0, "\(fw.stderr)")
            stored = try evidence(scratch).count
        }
        #expect(stored > 6, "the log gives more records than a batch holds")
        // init, then one commit per collect; batched: ceil(records / 3) for the log, one for fwupd.
        #expect(try commits(whole) == 3)
        let logRecords = try evidence(whole).filter { !$0.contains("\"collector\":\"fwupd\"") }.count
        #expect(try commits(batched) == 1 + (logRecords + 2) / 3 + 1)
        #expect(try evidence(batched) == evidence(whole))
        #expect(try verdicts(batched) == verdicts(whole))
        #expect(try verdicts(batched)?.arrayValue?.first?["status"] == "fail", "the issuance control has failing subjects")
        for scratch in [whole, batched] {
            let verify = try scratch.vigil(["log", "verify"])
            #expect(verify.status == 0, "\(verify.stderr)")
        }
        // The index built from the chain's signed log equals the one the collect filled.
        let before = try evidence(batched)
        #expect(try batched.vigil(["index", "rebuild"]).status == 0)
        #expect(try evidence(batched) == before)
        // The last commit carries the run's summary; the others say they are parts of it.
        let store = batched.url.appendingPathComponent(".vigil/store").path
        let subjects = try runGit(["--git-dir", store, "log", "--format=%s", "HEAD~1"]).output.split(separator: "\n")
        #expect(subjects.first?.hasPrefix("collect: \(logRecords) records from 1 input") == true, "\(subjects)")
        #expect(subjects.dropFirst().first?.hasPrefix("collect: part ") == true, "\(subjects)")
    }

    /// The log's last line is dated ahead of the clock: the collector has handed over batches by the
    /// time it reads it, and they are taken back; the fwupd input of the same run is still stored.
    @Test func anInputRefusedAfterSomeOfItsBatchesLeavesNothingOfItself() throws {
        let scratch = try workspace(recordsPerCommit: 2)
        var lines = try String(contentsOf: Self.log, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let last = lines.lastIndex { !$0.isEmpty }!
        // The checksum covers the message only, so the line still verifies: only its time is ahead.
        lines[last] = "2099" + lines[last].dropFirst(4)
        try scratch.write("ahead.log", lines.joined(separator: "\n"))
        let before = try head(scratch)
        let run = try scratch.vigil(["collect", "boulder-audit", "ahead.log"])
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains("ahead.log: the record about") && run.stderr.contains("ahead of this host's clock"), "\(run.stderr)")
        #expect(try head(scratch) == before, "nothing of the refused input, not even its first batches")

        let mixed = try scratch.vigil(["collect", "fwupd", "fw/web-01.json", "--observed-at", "2026-11-28T12:00:00Z"])
        #expect(mixed.status == 0, "\(mixed.stderr)")
        let both = try scratch.vigil(["collect", "boulder-audit", "ahead.log", Self.log.path])
        #expect(both.status == 2, "\(both.stderr)")
        let stored = try evidence(scratch)
        #expect(!stored.contains { $0.contains("ahead.log") }, "no record of the refused input")
        #expect(stored.contains { $0.contains("boulder-audit.log") }, "the good log of the same run is stored")
        let verify = try scratch.vigil(["log", "verify"])
        #expect(verify.status == 0, "\(verify.stderr)")
    }

    /// `aws kms describe-key` responses of `count` keys as one JSON array (an inventory script's loop),
    /// the last key's ARN replaced by `lastARN` when given.
    private static func describeKeys(_ count: Int, lastARN: String? = nil) -> String {
        let keys = (1...count).map { n in
            let arn = n == count ? lastARN ?? "arn:aws:kms:eu-west-1:111122223333:key/k\(n)" : "arn:aws:kms:eu-west-1:111122223333:key/k\(n)"
            return """
                {"KeyMetadata": {"KeyId": "k\(n)", "Arn": "\(arn)", "CreationDate": "2025-01-01T00:00:00Z",
                 "Enabled": true, "KeyState": "Enabled", "KeySpec": "SYMMETRIC_DEFAULT", "Origin": "AWS_KMS"}}
                """
        }
        return "[" + keys.joined(separator: ",\n") + "]"
    }

    /// A merged run (describe-key and rotation status in two files) hands its keys over a batch at a
    /// time: the same evidence as one commit, and a key refused in a later batch takes its input back whole.
    @Test func aMergedRunLargerThanABatchIsTakenABatchAtATime() throws {
        let status =
            "["
            + (1...8).map { #"{"KeyId": "k\#($0)", "KeyRotationEnabled": true, "RotationPeriodInDays": 90}"# }
            .joined(separator: ",") + "]"
        var stored: [[String]] = []
        for recordsPerCommit in [nil, 3] as [Int?] {
            let scratch = try workspace(recordsPerCommit: recordsPerCommit)
            try scratch.write("kms/describe-key.json", Self.describeKeys(8))
            try scratch.write("kms/get-key-rotation-status.json", status)
            let run = try scratch.vigil(["collect", "aws-kms", "kms", "--observed-at", "2026-11-28T12:00:00Z"])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(try commits(scratch) == (recordsPerCommit == nil ? 2 : 1 + 3), "8 keys in commits of 3")
            stored.append(try evidence(scratch))
            #expect(try scratch.vigil(["log", "verify"]).status == 0)
        }
        #expect(stored[0].count == 8 && stored[0] == stored[1])

        let scratch = try workspace(recordsPerCommit: 3)
        let before = try head(scratch)
        try scratch.write("bad/describe-key.json", Self.describeKeys(8, lastARN: #"arn:aws:kms:eu-west-1:111122223333:key/k8\nforged"#))
        let bad = try scratch.vigil(["collect", "aws-kms", "bad/describe-key.json", "--observed-at", "2026-11-28T12:00:00Z"])
        #expect(bad.status == 2, "\(bad.stderr)")
        #expect(bad.stderr.contains("describe-key.json: record 8 of 8 (key)"), "\(bad.stderr)")
        #expect(try head(scratch) == before, "nothing of the refused input, not even its first batches")
    }
}
