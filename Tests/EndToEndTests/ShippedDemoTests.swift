import EvidenceModel
import Foundation
import Testing
import VigilTestSupport

/// The README's main job: `vigil audit` over the shipped Controls/ and Evidence/ shows every status.
@Suite(.serialized)
struct ShippedDemoTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    private func audit(format: String) throws -> (run: VigilRun, scratch: Scratch) {
        let scratch = try Scratch()
        let run = try VigilBinary.run(
            ["audit", "--at", "2026-11-29T12:00:00Z", "--format", format, "--home", scratch.url.appendingPathComponent("ws").path],
            in: Self.repository)
        return (run, scratch)
    }

    @Test func shippedControlsLintClean() throws {
        let run = try VigilBinary.run(["controls", "lint"], in: Self.repository)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains("18 controls OK"))
    }

    @Test func demoAuditShowsEveryStatusGapAndStaleReason() throws {
        let (run, _) = try audit(format: "json")
        #expect(run.status == 1, "failing controls exit 1: \(run.stderr)")
        let report = try JSONValue.parse(Data(run.stdout.utf8))
        let results = report["controls"]?.arrayValue?.flatMap { $0["results"]?.arrayValue ?? [] } ?? []
        let statuses = Set(results.compactMap { $0["status"]?.stringValue })
        #expect(statuses.isSuperset(of: ["pass", "fail", "stale", "missing", "accepted"]), "\(statuses)")
        let controlStatuses = Set(report["controls"]?.arrayValue?.compactMap { $0["status"]?.stringValue } ?? [])
        #expect(controlStatuses.isSuperset(of: ["pass", "fail", "stale"]))
        let gaps = Set(report["scope_gaps"]?.arrayValue?.compactMap { $0["gap"]?.stringValue } ?? [])
        #expect(gaps == ["uncovered", "excluded", "no_evidence", "unknown_subject", "source_silent"])
        let reasons = Set(report["risk_acceptances"]?.arrayValue?.flatMap { $0["reasons"]?.arrayValue ?? [] }.compactMap(\.stringValue) ?? [])
        #expect(reasons == ["expired", "over_extended", "too_long", "unneeded", "no_approver"])
        let extendedThrice = report["risk_acceptances"]?.arrayValue?.first { $0["id"] == "RA-3" }
        #expect(extendedThrice?["extensions"] == 3)
        let accepted = results.first { $0["status"] == "accepted" }
        #expect(accepted?["subject"] == "host:lab-3")
        #expect(accepted?["acceptance"] == "RA-7")
    }

    @Test func demoShowsAJustifiedIssuanceAndOneOfEachUnjustifiedOne() throws {
        let (run, _) = try audit(format: "json")
        let report = try JSONValue.parse(Data(run.stdout.utf8))
        let issuance = report["controls"]?.arrayValue?.first { $0["id"] == "ISS-01" }
        var statuses: [String: String] = [:]
        for result in issuance?["results"]?.arrayValue ?? [] {
            statuses[result["subject"]?.stringValue ?? ""] = result["status"]?.stringValue
        }
        // Both Boulder logs of vigil.yaml: the MPIC one (shop, static, old) and the issuance one.
        #expect(
            statuses == [
                "domain:www.example.org": "pass", "domain:example.org": "pass", "domain:shop.example.org": "pass",
                "domain:mail.example.org": "fail", "domain:cdn.example.org": "fail", "domain:api.example.org": "fail",
                "domain:dev.example.org": "fail", "domain:static.example.org": "fail", "domain:old.example.org": "not_applicable",
            ])
    }

    @Test func demoAuditIsTheSameWhenRunAgain() throws {
        let scratch = try Scratch()
        let home = scratch.url.appendingPathComponent("ws").path
        let args = ["audit", "--at", "2026-11-29T12:00:00Z", "--format", "json", "--home", home]
        let first = try VigilBinary.run(args, in: Self.repository)
        let second = try VigilBinary.run(args, in: Self.repository)
        #expect(first.stdout == second.stdout)
        let commits = try runGit(["--git-dir", home + "/store", "rev-list", "--count", "HEAD"])
        #expect(commits.output == "2\n", "the second audit collected nothing new")
    }

    @Test func textReportIsPlainWhenNotATerminal() throws {
        let (run, _) = try audit(format: "text")
        #expect(run.stdout.contains("FW-01"))
        #expect(!run.stdout.contains("\u{1B}["))
    }
}
