import EvidenceModel
import Foundation
import Testing
import VigilTestSupport

@testable import Collectors

struct BoulderAuditCollectorTests {
    let collector = BoulderAuditCollector()

    func records() throws -> [EvidenceRecord] {
        try CollectorHarness.records(collector, fixture: "mpic/boulder-audit.log")
    }

    /// The hand-written base64url is Foundation's base64 with the URL alphabet and no padding, at every
    /// length and byte value tried (RFC 4648 §10's vectors among them).
    @Test func base64URLIsRFC4648WithoutPadding() {
        #expect(BoulderLogLine.base64URL(Array("foobar".utf8)) == "Zm9vYmFy")
        #expect(BoulderLogLine.base64URL(Array("fooba".utf8)) == "Zm9vYmE")
        #expect(BoulderLogLine.base64URL([]) == "")
        var random = SeededRandom(seed: 7)
        var state = random.next()
        for length in 0..<40 {
            let bytes = (0..<length).map { _ in
                state = random.next()
                return UInt8(truncatingIfNeeded: state >> 33)
            }
            let expected = Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
            #expect(BoulderLogLine.base64URL(bytes) == expected)
        }
    }

    /// Boulder's own vectors (`log/validator/validator_test.go`): the 7-character uvarint checksum of
    /// Boulder before 2021, and the 6-character little-endian CRC-32 of today's `LogLineChecksum`.
    @Test func checksumsAreBouldersCRC32InBothForms() {
        #expect(BoulderLogLine.checksum(of: "Caught SIGTERM", like: "xxxxxxx") == "kKG6cwA")
        #expect(BoulderLogLine.checksum(of: "Caught SIGTERM", like: "xxxxxx") == "kJBuDg")
        let line = "2020-07-06T18:07:43.109389+00:00 70877f679c72 datacenter 6 boulder-wfe[1595]: kKG6cwA Caught SIGTERM"
        guard case .line(let parsed) = BoulderLogLine.parse(line[...], number: 1) else {
            Issue.record("not parsed")
            return
        }
        #expect(parsed.checksumHolds)
        #expect(parsed.binary == "boulder-wfe")
        #expect(parsed.pid == 1595)
        #expect(parsed.host == "70877f679c72")
    }

    @Test func validationsAndDecisionsBecomeRecordsInLogOrder() throws {
        let found = try records()
        #expect(
            found.map(\.kind) == Array(repeating: "validation.result", count: 5) + [
                "issuance.decision", "issuance.decision",
                "validation.result", "issuance.decision",
            ])
        #expect(found.map(\.subject) == Array(repeating: "domain:shop.example.org", count: 7) + ["domain:old.example.org", "domain:old.example.org"])
        #expect(found.map(\.observedAt) == found.map(\.observedAt).sorted())
    }

    @Test func remoteAndPrimaryValidationLinesAreTold() throws {
        let found = try records()
        let remote = found[0]
        #expect(remote.data["role"] == "remote")
        #expect(remote.data["log"]?["binary"] == "boulder-remoteva")
        #expect(remote.data["log"]?["host"] == "rva-use2")
        #expect(remote.data["summary"] == nil)
        let primary = found[3]
        #expect(primary.data["role"] == "primary")
        #expect(primary.data["check_type"] == "dcv")
        #expect(primary.data["status"] == "valid")
        #expect(primary.data["challenge_type"] == "http-01")
        #expect(primary.data["authz_id"] == "1478512")
        #expect(primary.data["requester"] == 8741)
        #expect(primary.data["latency_seconds"] == 0.612)
        #expect(
            primary.data["summary"] == [
                "passedPerspectives": ["ap-northeast-1", "eu-central-1", "us-east-2"],
                "failedPerspectives": ["sa-east-1"], "passedRIRs": ["APNIC", "ARIN", "RIPE"],
                "quorumResult": "3/4",
            ])
        #expect(primary.data["challenge"]?["validationRecord"]?.arrayValue?.first?["addressUsed"] == "2001:db8::10")
        #expect(primary.observedAt == Timestamp.parse("2026-11-28T09:14:58.612Z"))
        let caa = found[4]
        #expect(caa.data["check_type"] == "caa")
        #expect(caa.data["event"] == "CAA check result")
        #expect(caa.data["status"] == "valid")
    }

    @Test func aCertificateRequestGivesOneDecisionPerIdentifier() throws {
        let found = try records()
        let decisions = found.filter { $0.kind == "issuance.decision" && $0.data["outcome"] == "successful" }
        #expect(decisions.count == 2)
        let wildcard = decisions[1]
        #expect(wildcard.subject == "domain:shop.example.org")
        #expect(wildcard.data["wildcard"] == true)
        #expect(wildcard.data["identifier"] == ["type": "dns", "value": "*.Shop.example.org"])
        #expect(wildcard.data["challenge"] == "dns-01")
        #expect(wildcard.data["authz"] == "1478513")
        #expect(wildcard.data["serial_number"] == "04a1c3e5f7091b3d5f7193b5d7f9a1c3e5f7")
        #expect(wildcard.data["order_id"] == 39571204)
        #expect(wildcard.data["not_after"] == "2027-02-26T08:16:29Z")
        #expect(wildcard.data["request_time"] == "2026-11-28T09:15:30.102Z")
        #expect(wildcard.data["previous_certificate_issued"] == "2026-09-01T07:10:12Z")
        #expect(wildcard.data["profile"] == "classic")
        #expect(wildcard.data["identifiers"]?.arrayValue?.count == 2)
        let refused = try #require(found.last)
        #expect(refused.data["outcome"] == "error")
        #expect(refused.data["error"] == "authorizations for these identifiers not found: old.example.org")
        // Go's zero time means "not set".
        #expect(refused.data["not_before"] == nil)
        #expect(refused.data["validated"] == nil)
    }

    /// Boulder before 2025 logged `Names` with an `Authorizations` map, and the identifier as a bare string.
    @Test func olderBoulderEventShapesAreRead() throws {
        func line(_ message: String, _ binary: String) -> String {
            "2024-06-01T10:00:00Z va-1 datacenter 6 \(binary)[9]: \(BoulderLogLine.checksum(of: message, like: "xxxxxxx")) \(message)"
        }
        let validation =
            #"[AUDIT] Validation result JSON={"AuthzID":"7","Requester":1,"Identifier":"Legacy.Example.net","Challenge":{"type":"dns-01","status":"valid"},"Latency":0.2}"#
        let request =
            #"[AUDIT] Certificate request - successful JSON={"ID":"a","Requester":1,"OrderID":2,"SerialNumber":"03ab","Names":["legacy.example.net","www.legacy.example.net"],"Authorizations":{"legacy.example.net":{"ID":"7","ChallengeType":"dns-01"}},"NotBefore":"2024-06-01T09:00:00Z","NotAfter":"2024-08-30T09:00:00Z","RequestTime":"2024-06-01T10:00:00Z","ResponseTime":"2024-06-01T10:00:01Z"}"#
        let found = try CollectorHarness.records(collector, text: line(validation, "boulder-va") + "\n" + line(request, "boulder-ra"), fileName: "old.log")
        #expect(found.map(\.subject) == ["domain:legacy.example.net", "domain:legacy.example.net", "domain:www.legacy.example.net"])
        #expect(found[0].data["identifier"] == ["type": "dns", "value": "Legacy.Example.net"])
        #expect(found[0].data["status"] == "valid")
        #expect(found[1].data["authz"] == "7")
        #expect(found[1].data["challenge"] == "dns-01")
        #expect(found[2].data["authz"] == nil)
    }

    @Test func skippedLinesAreCounted() throws {
        let logFile = try #require(try records().first?.data["log_file"])
        #expect(logFile == ["lines": 12, "kept": 8, "ignored_non_audit": 2, "ignored_other_audit": 1, "ignored_other_programs": 1])
    }

    @Test func anAlteredLineIsRejectedNamingIt() throws {
        let text = String(decoding: try CollectorHarness.fixture("mpic/boulder-audit.log"), as: UTF8.self)
            .replacingOccurrences(of: #""quorumResult":"3/4""#, with: #""quorumResult":"4/4""#)
        let failure = try #require(CollectorHarness.failure(collector, text: text, fileName: "va.log"))
        #expect(failure.location == "line 6")
        #expect(failure.reason.hasPrefix("checksum mismatch: the line says "))
        #expect(failure.reason.hasSuffix("(CRC-32): the line was altered"))
    }

    @Test(arguments: [
        (
            "2026-11-28T09:14:58Z va-1 datacenter 6 boulder-va[988]: [AUDIT] Validation result JSON={}", "line 1",
            "Boulder line without a checksum"
        ),
        ("not a log line", "line 1", "not a Boulder log line"),
        ("yesterday va-1 datacenter 6 boulder-va[988]: kJBuDg Caught SIGTERM", "line 1", "'yesterday' is not an RFC 3339 timestamp"),
        ("2026-11-28T09:14:58Z va-1 datacenter 9 boulder-va[988]: kJBuDg Caught SIGTERM", "line 1", "'9' is not a syslog severity 0–7"),
    ])
    func malformedLinesAreRejectedWithTheLineNumber(text: String, location: String, reason: String) throws {
        let failure = try #require(CollectorHarness.failure(collector, text: text + "\n", fileName: "va.log"))
        #expect(failure.location == location)
        #expect(failure.reason.hasPrefix(reason), "\(failure.reason)")
    }

    @Test func badEventJSONNamesTheLineAndPath() throws {
        let message = #"[AUDIT] Validation result JSON={"AuthzID":"1","Identifier":{"type":"dns"}}"#
        let line = "2026-11-28T09:14:58Z va-1 datacenter 6 boulder-va[988]: \(BoulderLogLine.checksum(of: message, like: "xxxxxx")) \(message)"
        let failure = try #require(CollectorHarness.failure(collector, text: "\n" + line, fileName: "va.log"))
        #expect(failure.location == "line 2 $.Identifier")
        #expect(failure.reason == "missing required field 'value'")
        let broken = #"[AUDIT] Certificate request - successful JSON={"ID":"#
        let truncated = "2026-11-28T09:14:58Z ra-1 datacenter 6 boulder-ra[7]: \(BoulderLogLine.checksum(of: broken, like: "xxxxxx")) \(broken)"
        let syntax = try #require(CollectorHarness.failure(collector, text: truncated, fileName: "ra.log"))
        #expect(syntax.location.hasPrefix("line 1, JSON= "))
    }

    /// The fixture's first six lines, then its seventh (an audit line) cut in the middle of its JSON.
    private func logCutAtLineSeven(newline: Bool) throws -> String {
        let lines = String(decoding: try CollectorHarness.fixture("mpic/boulder-audit.log"), as: UTF8.self)
            .split(separator: "\n", omittingEmptySubsequences: false)
        let seventh = lines[6]
        #expect(seventh.contains("[AUDIT]"))
        return lines[0..<6].joined(separator: "\n") + "\n" + seventh.prefix(seventh.count / 2) + (newline ? "\n" : "")
    }

    @Test func anIncompleteLastLineIsLeftOutWithAWarningAndTheLinesBeforeItKept() throws {
        let text = try logCutAtLineSeven(newline: false)
        let collected = try collector.collect(from: CollectorHarness.input(Data(text.utf8), fileName: "va.log"))
        let whole = try CollectorHarness.records(
            collector, text: String(text.prefix(through: text.lastIndex(of: "\n")!)),
            fileName: "va.log")
        #expect(!whole.isEmpty)
        #expect(collected.records.map(\.data) == whole.map(\.data), "the same events with the same line counts")
        #expect(collected.leftOut.count == 1)
        #expect(collected.leftOut.first?.file == "va.log")
        #expect(collected.leftOut.first?.location == "line 7")
        #expect(
            collected.leftOut.first?.reason.hasPrefix("last line is incomplete (still being written?)") == true,
            "\(collected.leftOut)")
    }

    @Test func aCutLineThatEndsInANewlineStillRejectsTheFile() throws {
        let failure = try #require(CollectorHarness.failure(collector, text: try logCutAtLineSeven(newline: true), fileName: "va.log"))
        #expect(failure.location == "line 7")
        #expect(failure.reason.hasPrefix("checksum mismatch"), "\(failure.reason)")
    }

    @Test func aWholeLastLineWithoutANewlineIsKept() throws {
        var text = String(decoding: try CollectorHarness.fixture("mpic/boulder-audit.log"), as: UTF8.self)
        text.removeLast()
        let collected = try collector.collect(from: CollectorHarness.input(Data(text.utf8), fileName: "va.log"))
        #expect(collected.leftOut.isEmpty)
        #expect(collected.records.map(\.data) == (try records()).map(\.data))
    }

    /// Streamed a record at a time, the log gives the records of a whole read, in order, with the
    /// whole file's counts in every one; an altered line after some batches were handed over still
    /// rejects the file, naming it.
    @Test func streamingHandsOverTheSameRecordsBatchByBatch() throws {
        let bytes = try CollectorHarness.fixture("mpic/boulder-audit.log")
        let base = CollectorHarness.input(bytes, fileName: "mpic/boulder-audit.log")
        var limits = InputLimits()
        limits.recordsPerCommit = 1
        let input = CollectorInput(fileName: "mpic/boulder-audit.log", bytes: bytes, subject: nil, observedAt: base.observedAt, limits: limits)
        var batches: [[EvidenceRecord]] = []
        let leftOut = try collector.stream(from: input) { batch throws(CollectionFailure) in batches.append(batch) }
        #expect(leftOut.isEmpty)
        #expect(batches.count > 1, "one batch per kept line")
        #expect(batches.flatMap { $0 }.map(\.id) == (try records()).map(\.id))

        let altered = Data(
            String(decoding: bytes, as: UTF8.self)
                .replacingOccurrences(of: #""quorumResult":"3/4""#, with: #""quorumResult":"4/4""#).utf8)
        let late = CollectorInput(fileName: "mpic/boulder-audit.log", bytes: altered, subject: nil, observedAt: base.observedAt, limits: limits)
        var handed = 0
        #expect(throws: CollectionFailure.self) {
            _ = try collector.stream(from: late) { batch throws(CollectionFailure) in handed += batch.count }
        }
        #expect(handed > 0, "the altered line 6 comes after records were handed over")
    }
    /// A log of several waves is parsed on every core: its records come in the lines' order, and of
    /// two altered lines in different shares, the first is the one named.
    @Test func aLongLogReadOnEveryCoreKeepsLineOrderAndNamesTheFirstAlteredLine() throws {
        let fixture = String(decoding: try CollectorHarness.fixture("mpic/boulder-audit.log"), as: UTF8.self)
        let copies = BoulderAuditCollector.linesPerWave / 12 + 300
        let text = String(repeating: fixture, count: copies)
        let found = try CollectorHarness.records(collector, text: text, fileName: "long.log")
        #expect(found.count == (try records()).count * copies)
        let lines = found.compactMap { $0.data["log"]?["line"]?.doubleValue }
        #expect(lines.count == found.count)
        #expect(lines == lines.sorted())
        #expect(found.first?.data["log_file"]?["lines"] == .number(Double(12 * copies)))

        var altered = text.components(separatedBy: "\n")
        for number in [12 * 250 + 6, 12 * 20 + 6] {
            altered[number - 1] = altered[number - 1].replacingOccurrences(of: #""quorumResult":"3/4""#, with: #""quorumResult":"4/4""#)
        }
        let failure = try #require(CollectorHarness.failure(collector, text: altered.joined(separator: "\n"), fileName: "long.log"))
        #expect(failure.location == "line \(12 * 20 + 6)")
    }
}
