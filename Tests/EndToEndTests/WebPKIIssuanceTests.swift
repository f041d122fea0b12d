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

    static let certificate = repository.appendingPathComponent("Evidence/webpki/issuance/certs/www.example.org.pem")
    static let extraName = repository.appendingPathComponent("Tests/EndToEndTests/Resources/issuance-extra-name.pem")

    /// subject → (status, reason) of ISS-01 at the demo instant, from `vigil check --format json`,
    /// with `certificates` collected too (x509, observed the day of the issuances).
    private func verdicts(certificates: [URL] = []) throws -> [String: (status: String, reason: String)] {
        let scratch = try Scratch()
        try scratch.write(
            "Controls/webpki-issuance.yaml",
            try Data(contentsOf: Self.repository.appendingPathComponent("Controls/webpki-issuance.yaml")))
        #expect(try scratch.vigil(["init", "--controls", "none"]).status == 0)
        let collected = try scratch.vigil(["collect", "boulder-audit", Self.log.path])
        #expect(collected.status == 0, "\(collected.stderr)")
        for certificate in certificates {
            let x509 = try scratch.vigil(["collect", "x509", certificate.path, "--observed-at", "2026-11-28T12:00:00Z"])
            #expect(x509.status == 0, "\(x509.stderr)")
        }
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
        #expect(
            verdicts.mapValues(\.status) == [
                "domain:www.example.org": "pass", "domain:example.org": "pass", "domain:mail.example.org": "fail",
                "domain:cdn.example.org": "fail", "domain:api.example.org": "fail", "domain:dev.example.org": "fail",
            ])
        let www = verdicts["domain:www.example.org"]?.reason ?? ""
        #expect(
            www.contains(
                "www.example.org issued 2026-11-28T09:14:58.300Z, serial 03a1f2e3d4c5b6a79881726354453627180f: "
                    + "DCV http-01 5/5 remote 13 s before; CAA 5/5 remote 13 s before; certificate not in the store"), "\(www)")
    }

    @Test func eachFailureNamesTheInputOutOfBounds() throws {
        let verdicts = try verdicts()
        let mail = verdicts["domain:mail.example.org"]?.reason ?? ""
        #expect(
            mail.contains(
                "DCV http-01 5/5 remote 211 days 2 h before, beyond the 200-day reuse period "
                    + "(TLS BR 4.2.1, ballot SC-081, from 2026-03-15); CAA 5/5 remote under 1 s before"), "\(mail)")
        let cdn = verdicts["domain:cdn.example.org"]?.reason ?? ""
        #expect(cdn.contains("CAA 5/5 remote 9 h 29 min 59 s before, beyond the 8 hours of BR 3.2.2.8"), "\(cdn)")
        let api = verdicts["domain:api.example.org"]?.reason ?? ""
        #expect(
            api.contains("DCV http-01 3/3 remote 7 s before, quorum not compliant: ")
                && api.contains("3 distinct remote perspectives < 4 required"), "\(api)")
        let dev = verdicts["domain:dev.example.org"]?.reason ?? ""
        #expect(
            dev.contains(
                "no DCV passed before the issuance (authz 92000030): one at 2026-11-28T11:00:21.480Z, "
                    + "20 s after the issuance"), "\(dev)")
    }

    /// The certificate is found by the decision's serial: its SCTs count, and a name the order did not
    /// ask for fails every identifier of that issuance.
    @Test func theIssuedCertificateIsMatchedBySerialWithItsSCTsAndItsNames() throws {
        let justified = try verdicts(certificates: [Self.certificate])
        for domain in ["domain:www.example.org", "domain:example.org"] {
            #expect(justified[domain]?.status == "pass")
            #expect(
                justified[domain]?.reason.contains("CAA 5/5 remote 13 s before; certificate cert:") == true
                    && justified[domain]?.reason.hasSuffix(": 2 SCTs") == true, "\(justified[domain]?.reason ?? "")")
        }
        let extra = try verdicts(certificates: [Self.extraName])
        for domain in ["domain:www.example.org", "domain:example.org"] {
            #expect(extra[domain]?.status == "fail")
            #expect(
                extra[domain]?.reason.contains(
                    "names admin.example.org, example.org, www.example.org, not the request's example.org, www.example.org") == true,
                "\(extra[domain]?.reason ?? "")")
        }
        #expect(extra["domain:mail.example.org"]?.reason.contains("certificate not in the store") == true)
    }
}
