import EvidenceModel
import Foundation
import Testing

/// `issuance_justified` through the built binary: the shipped issuance control over the shipped Boulder
/// audit log of issuances (one justified order, one issuance of each failure) collected with `boulder-audit`.
@Suite(.serialized)
struct WebPKIIssuanceTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let log = repository.appendingPathComponent("Evidence/webpki/issuance/boulder-audit.log")

    /// subject → (status, reason) of ISS-01 at the demo instant, from `vigil check --format json`.
    private func verdicts() throws -> [String: (status: String, reason: String)] {
        let scratch = try Scratch()
        try scratch.write("Controls/webpki-issuance.yaml",
                          try Data(contentsOf: Self.repository.appendingPathComponent("Controls/webpki-issuance.yaml")))
        #expect(try scratch.vigil(["init"]).status == 0)
        let collected = try scratch.vigil(["collect", "boulder-audit", Self.log.path])
        #expect(collected.status == 0, "\(collected.stderr)")
        let run = try scratch.vigil(["check", "--at", "2026-11-29T12:00:00Z", "--format", "json"])
        #expect(run.status == 1, "a failing control exits 1: \(run.stderr)")
        let control = try JSONValue.parse(Data(run.stdout.utf8))["controls"]?.arrayValue?.first
        #expect(control?["id"] == "ISS-01")
        #expect(control?["status"] == "fail")
        var verdicts: [String: (status: String, reason: String)] = [:]
        for result in control?["results"]?.arrayValue ?? [] {
            verdicts[result["subject"]?.stringValue ?? ""] = (result["status"]?.stringValue ?? "", result["reason"]?.stringValue ?? "")
        }
        return verdicts
    }

    @Test func eachIssuedIdentifierIsJudgedOnItsInputsAndOnlyDecisionsAreJudged() throws {
        let verdicts = try verdicts()
        #expect(verdicts.mapValues(\.status) == [
            "domain:www.example.org": "pass", "domain:example.org": "pass", "domain:mail.example.org": "fail",
            "domain:cdn.example.org": "fail", "domain:api.example.org": "fail", "domain:dev.example.org": "fail",
        ])
        let www = verdicts["domain:www.example.org"]?.reason ?? ""
        #expect(www.contains("www.example.org issued 2026-11-28T09:14:58.300Z, serial 03a1f2e3d4c5b6a79881726354453627180f: "
            + "DCV http-01 5/5 remote 13 s before; CAA 5/5 remote 13 s before; certificate not in the store"), "\(www)")
    }

    @Test func eachFailureNamesTheInputOutOfBounds() throws {
        let verdicts = try verdicts()
        let mail = verdicts["domain:mail.example.org"]?.reason ?? ""
        #expect(mail.contains("DCV http-01 5/5 remote 211 days 2 h before, beyond the 200-day reuse period "
            + "(TLS BR 4.2.1, ballot SC-081, from 2026-03-15); CAA 5/5 remote under 1 s before"), "\(mail)")
        let cdn = verdicts["domain:cdn.example.org"]?.reason ?? ""
        #expect(cdn.contains("CAA 5/5 remote 9 h 29 min 59 s before, beyond the 8 hours of BR 3.2.2.8"), "\(cdn)")
        let api = verdicts["domain:api.example.org"]?.reason ?? ""
        #expect(api.contains("DCV http-01 3/3 remote 7 s before, quorum not compliant: ")
            && api.contains("3 distinct remote perspectives < 4 required"), "\(api)")
        let dev = verdicts["domain:dev.example.org"]?.reason ?? ""
        #expect(dev.contains("no DCV passed before the issuance (authz 92000030): one at 2026-11-28T11:00:21.480Z, "
            + "20 s after the issuance"), "\(dev)")
    }
}
