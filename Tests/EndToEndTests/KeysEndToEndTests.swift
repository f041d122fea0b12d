import EvidenceModel
import Foundation
import Testing

/// The key-management family through the built binary: every collector, then `vigil check --format json`.
@Suite(.serialized)
struct KeysEndToEndTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("CollectorsTests/Fixtures/keys")

    static let controls = """
        - id: KM-01
          title: Keys rotate at least every 90 days
          description: d
          severity: high
          frameworks: {iso27001-2022: [A.8.24]}
          evidence: [key, key.event]
          check: {type: key_rotation, max_age: 90d}
        - id: KM-02
          title: No active credential is older than 90 days
          description: d
          severity: high
          frameworks: {nis2: ["21.2(j)"]}
          evidence: credential
          check: {type: credential_age, max_age: 90d}
        - id: KM-03
          title: Strong algorithms
          description: d
          severity: medium
          frameworks: {iso27001-2022: [A.8.24]}
          evidence: [key, certificate]
          check: {type: key_algorithm, min_rsa_bits: 2048, forbidden: [RSA_1024]}
        """

    private func collected() throws -> Scratch {
        let scratch = try Scratch()
        try scratch.write("Controls/keys.yaml", Self.controls)
        #expect(try scratch.vigil(["init", "--controls", "none"]).status == 0)
        let inputs = [
            ("aws-kms", "kms-inventory.json"), ("cloudtrail", "111122223333_CloudTrail_us-east-1_20261128T0000Z_kms.json.gz"),
            ("iam-credential-report", "get-credential-report.json"), ("vault-transit", "vault-transit-keys.json"),
            ("gcp-kms", "gcloud-kms-keys.json"), ("gitlab-tokens", "gitlab-personal-access-tokens.json"),
            ("aws-acm", "acm-certificates.json"),
        ]
        for (collector, file) in inputs {
            let path = Self.fixtures.appendingPathComponent(file).path
            let run = try scratch.vigil(["collect", collector, path, "--observed-at", "2026-11-28T06:00:00Z"])
            #expect(run.status == 0, "\(collector): \(run.stderr)")
        }
        return scratch
    }

    private func results(_ scratch: Scratch) throws -> [String: [String: JSONValue]] {
        let run = try scratch.vigil(["check", "--at", "2026-11-29T12:00:00Z", "--format", "json"])
        #expect(run.status == 1, "\(run.stderr)")
        let report = try JSONValue.parse(Data(run.stdout.utf8))
        var bySubject: [String: [String: JSONValue]] = [:]
        for control in report["controls"]?.arrayValue ?? [] {
            for result in control["results"]?.arrayValue ?? [] {
                guard let id = control["id"]?.stringValue, let subject = result["subject"]?.stringValue else { continue }
                bySubject["\(id) \(subject)"] = result.objectValue
            }
        }
        return bySubject
    }

    @Test func rotationIsJudgedFromHistoryPeriodAndEvents() throws {
        let scratch = try collected()
        let results = try results(scratch)
        let key = "KM-01 key:arn:aws:kms:us-east-1:111122223333:key/"
        #expect(
            results[key + "1234abcd-12ab-34cd-56ef-1234567890ab"]?["reason"]
                == "last rotation 287.9 days ago, period 365d > max 90d")
        #expect(results[key + "0987dcba-09fe-87dc-65ba-ab0987654321"]?["status"] == "pass")
        #expect(results[key + "f3e2d1c0-4b5a-6978-8a9b-0c1d2e3f4a5b"]?["status"] == "not_applicable")
        let disabled = results[key + "55554444-3333-4222-8111-000099998888"]
        #expect(disabled?["status"] == "fail")
        #expect(disabled?["reason"]?.stringValue?.contains("automatic rotation disabled at 2026-09-15T16:02:44.123Z") == true)
        #expect(results["KM-01 key:vault:transit/orders"]?["status"] == "pass")
        #expect(results["KM-01 key:vault:transit/api-signing"]?["status"] == "fail")
    }

    @Test func credentialsAreAgedKeyByKeyWithOverlap() throws {
        let results = try results(try collected())
        let old = results["KM-02 credential:arn:aws:iam::111122223333:user/ci/ci-deployer#access_key_1"]
        #expect(old?["status"] == "fail")
        #expect(old?["reason"]?.stringValue?.contains("rollover overlap: access_key_2 also active") == true)
        #expect(results["KM-02 credential:arn:aws:iam::111122223333:user/ci/ci-deployer#access_key_2"]?["status"] == "pass")
        #expect(results["KM-02 credential:arn:aws:iam::111122223333:user/backup-agent#access_key_2"]?["status"] == "not_applicable")
        #expect(results["KM-02 credential:gitlab:2"]?["status"] == "not_applicable")
        #expect(results["KM-02 credential:gitlab:4"]?["status"] == "fail")
    }

    @Test func algorithmsReportPostQuantumReadiness() throws {
        let results = try results(try collected())
        let legacy = results.first { $0.key.hasPrefix("KM-03 cert:acm:") && $0.key.hasSuffix("210987654321") }?.value
        #expect(legacy?["status"] == "fail")
        #expect(legacy?["reason"]?.stringValue?.contains("RSA_1024 is forbidden") == true)
        #expect(results["KM-03 key:vault:transit/hybrid-sign"]?["reason"]?.stringValue?.hasSuffix("readiness: hybrid") == true)
        let pq = results.first { $0.key.hasSuffix("cryptoKeys/docs-signing") && $0.key.hasPrefix("KM-03") }?.value
        #expect(pq?["reason"]?.stringValue?.hasSuffix("readiness: post-quantum") == true)
    }

    @Test func malformedKeyInputsAreRejectedWithPlaceAndNothingIsStored() throws {
        let scratch = try Scratch()
        #expect(try scratch.vigil(["init", "--controls", "none"]).status == 0)
        try scratch.write("bad/kms.json", #"[{"KeyMetadata": {"KeyId": "k", "Arn": "arn:x", "CreationDate": "soon"}}]"#)
        try scratch.write("bad/trail.json.gz", Data([0x1F, 0x8B, 0x08, 0x00, 0x01]))
        try scratch.write("bad/vault.json", #"{"data": {"name": "k", "type": "aes256-gcm96", "latest_version": 1}}"#)
        let cases = [
            ("aws-kms", "bad/kms.json", "$[0].KeyMetadata.CreationDate: 'soon' is not an RFC 3339 timestamp"),
            ("cloudtrail", "bad/trail.json.gz", "gzip: truncated gzip data"),
            ("vault-transit", "bad/vault.json", "$.data: missing required field 'keys'"),
        ]
        for (collector, file, message) in cases {
            let run = try scratch.vigil(["collect", collector, file])
            #expect(run.status == 2, "\(collector)")
            #expect(run.stderr.contains(message), "\(run.stderr)")
        }
        let list = try scratch.vigil(["evidence", "list"])
        #expect(list.stdout.isEmpty)
    }
}
