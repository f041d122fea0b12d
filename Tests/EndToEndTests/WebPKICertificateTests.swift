import EvidenceModel
import Foundation
import Testing

/// The Web PKI certificate controls through the built binary: the shipped certificates and RenewalInfo
/// collected with `x509` and `ari`, then `vigil check --format json` with the records behind each verdict.
@Suite(.serialized)
struct WebPKICertificateTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let evidence = repository.appendingPathComponent("Evidence/webpki")

    /// A workspace with the shipped controls, every certificate collected on 28 November and each
    /// RenewalInfo folder at its fetch time.
    private func collected() throws -> Scratch {
        let scratch = try Scratch()
        let controls = try Data(contentsOf: Self.repository.appendingPathComponent("Controls/webpki-certificates.yaml"))
        try scratch.write("Controls/webpki-certificates.yaml", controls)
        #expect(try scratch.vigil(["init", "--controls", "none"]).status == 0)
        let certs = try scratch.vigil([
            "collect", "x509", Self.evidence.appendingPathComponent("certs").path,
            "--observed-at", "2026-11-28T06:00:00Z",
        ])
        #expect(certs.status == 0, "\(certs.stderr)")
        for day in ["2026-10-01", "2026-10-10", "2026-10-20", "2026-11-28"] {
            let run = try scratch.vigil([
                "collect", "ari", Self.evidence.appendingPathComponent("ari/" + day).path,
                "--observed-at", day + "T06:00:00Z",
            ])
            #expect(run.status == 0, "\(day): \(run.stderr)")
        }
        return scratch
    }

    /// `vigil evidence list` records of `kind`, as JSON.
    private func records(_ scratch: Scratch, kind: String) throws -> [JSONValue] {
        let run = try scratch.vigil(["evidence", "list", "--kind", kind])
        return try run.stdout.split(separator: "\n").map { try JSONValue.parse(Data($0.utf8)) }
    }

    /// control id → subject → result, from `vigil check --format json`.
    private func results(_ scratch: Scratch) throws -> [String: [String: JSONValue]] {
        let run = try scratch.vigil(["check", "--at", "2026-11-29T12:00:00Z", "--format", "json"])
        #expect(run.status == 1, "\(run.stderr)")
        let report = try JSONValue.parse(Data(run.stdout.utf8))
        var byControl: [String: [String: JSONValue]] = [:]
        for control in report["controls"]?.arrayValue ?? [] {
            guard let id = control["id"]?.stringValue else { continue }
            for result in control["results"]?.arrayValue ?? [] {
                guard let subject = result["subject"]?.stringValue else { continue }
                byControl[id, default: [:]][subject] = result
            }
        }
        return byControl
    }

    private func certificate(_ records: [JSONValue], _ name: String, issuedIn month: String) -> JSONValue? {
        records.first { $0["data"]?["name"]?.stringValue == name && $0["data"]?["not_before"]?.stringValue?.hasPrefix(month) == true }
    }

    @Test func aRenewalAfterAMovedWindowFailsCitingTheSuccessorAndTheWindowFetchedBeforeIt() throws {
        let scratch = try collected()
        let certificates = try records(scratch, kind: "certificate")
        let windows = try records(scratch, kind: "ari.window")
        let old = try #require(certificate(certificates, "api.example.com", issuedIn: "2026-08"))
        let successor = try #require(certificate(certificates, "api.example.com", issuedIn: "2026-10"))
        let moved = try #require(windows.first { $0["observed_at"] == "2026-10-10T06:00:00Z" })
        #expect(moved["subject"] == old["subject"])

        let result = try #require(try results(scratch)["WPKI-02"]?[old["subject"]?.stringValue ?? ""])
        #expect(result["status"] == "fail")
        #expect(
            result["reason"]?.stringValue?.contains(
                "1.4 days after the suggested window 2026-10-10T00:00:00Z–"
                    + "2026-10-11T00:00:00Z (fetched 2026-10-10T06:00:00Z) ended") == true, "\(result)")
        let evidence = Set(result["evidence"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        #expect(evidence == Set([old["id"], successor["id"], moved["id"]].compactMap { $0?.stringValue }))
    }

    @Test func everyStatusOfTheFamilyShowsWithItsReason() throws {
        let scratch = try collected()
        let all = try results(scratch)
        let ct = all["WPKI-01"]?.values.map { ($0["status"]?.stringValue ?? "", $0["reason"]?.stringValue ?? "") } ?? []
        #expect(ct.contains { $0 == ("fail", "api.example.com: 1 SCT from 1 distinct log, 2 required (lifetime 90 days ≤ 180d)") })
        #expect(ct.contains { $0 == ("fail", "legacy.example.com: no embedded SCTs, 3 required (lifetime 397 days > 180d)") })
        #expect(ct.contains { $0.0 == "pass" } && ct.contains { $0.0 == "not_applicable" })

        let ari = all["WPKI-02"]?.values.compactMap { $0["reason"]?.stringValue } ?? []
        #expect(ari.contains { $0.hasPrefix("shop.example.com: renewal not yet due, suggested window 2026-12-29T00:00:00Z") })
        #expect(ari.contains { $0.contains("ended 7.5 days ago without a successor for legacy.example.com") })
        #expect(ari.contains { $0.hasSuffix("within suggested window 2026-10-30T00:00:00Z–2026-11-01T00:00:00Z (fetched 2026-10-20T06:00:00Z)") })

        let diversity = try #require(all["WPKI-03"])
        #expect(
            diversity.keys.sorted() == [
                "domain:api.example.com", "domain:intranet.example.com",
                "domain:legacy.example.com", "domain:shop.example.com",
                "domain:www.shop.example.com",
            ])
        let shop = try #require(diversity["domain:shop.example.com"])
        #expect(shop["status"] == "pass")
        #expect(shop["reason"] == "2 distinct issuing organizations within 90d, 2 required: Example Trust A (1 certificate); Example Trust B (1 certificate)")
        let shopCertificates = try records(scratch, kind: "certificate")
            .filter { $0["data"]?["name"] == "shop.example.com" }.compactMap { $0["id"]?.stringValue }
        #expect(Set(shop["evidence"]?.arrayValue?.compactMap(\.stringValue) ?? []) == Set(shopCertificates))
        #expect(diversity["domain:api.example.com"]?["status"] == "fail")
    }

    @Test func aBundleWithABadBlockIsRejectedNamingFileAndBlockAndNothingIsStored() throws {
        let scratch = try Scratch()
        #expect(try scratch.vigil(["init", "--controls", "none"]).status == 0)
        let good = try String(contentsOf: Self.evidence.appendingPathComponent("certs/shop-2026-09.pem"), encoding: .utf8)
        let line = good.split(separator: "\n").count + 1
        try scratch.write("in/bundle.pem", good + "-----BEGIN CERTIFICATE-----\nMIIB\u{2603}\n-----END CERTIFICATE-----\n")
        let run = try scratch.vigil(["collect", "x509", "in/bundle.pem"])
        #expect(run.status == 2)
        let rejected = run.stderr.split(separator: "\n").filter { $0.contains("rejected") }
        #expect(rejected.count == 1, "\(run.stderr)")
        #expect(rejected.first?.contains("in/bundle.pem") == true, "\(run.stderr)")
        #expect(rejected.first?.contains("PEM block 3 (line \(line))") == true, "\(run.stderr)")
        #expect(rejected.first?.contains("invalid base64 character") == true, "\(run.stderr)")
        #expect(try scratch.vigil(["evidence", "list"]).stdout.isEmpty)
    }

    @Test func aRenewalInfoWindowThatEndsBeforeItStartsIsRejected() throws {
        let scratch = try Scratch()
        #expect(try scratch.vigil(["init", "--controls", "none"]).status == 0)
        try scratch.write(
            "ari/aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE.json",
            #"{"suggestedWindow": {"start": "2026-12-02T00:00:00Z", "end": "2026-12-01T00:00:00Z"}}"#)
        let run = try scratch.vigil(["collect", "ari", "ari"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE.json"), "\(run.stderr)")
        #expect(run.stderr.contains("$.suggestedWindow.end"), "\(run.stderr)")
        #expect(run.stderr.contains("treated as no response"), "\(run.stderr)")
    }
}
