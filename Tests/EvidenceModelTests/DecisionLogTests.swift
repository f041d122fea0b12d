import EvidenceModel
import Foundation
import Testing

/// Records as boulder-audit, mpic and x509 write them for one order of shop.example.org and `*.` of it.
enum IssuanceFixture {
    static let source = EvidenceSource(name: "boulder.log", sha256: String(repeating: "a", count: 64))
    static let subject = "domain:shop.example.org"

    static func at(_ text: String) -> Date { Timestamp.parse("2026-11-28T\(text)Z")! }

    static func record(
        _ kind: String, _ time: String, subject: String = subject, collector: String = "boulder-audit",
        _ data: [String: JSONValue]
    ) -> EvidenceRecord {
        EvidenceRecord(
            kind: kind, subject: subject, observedAt: at(time), collector: collector, origin: .observed,
            source: source, data: data)
    }

    static func validation(
        _ time: String, authz: String, role: String, host: String, type: String = "http-01",
        status: String = "valid", summary: JSONValue? = nil
    ) -> EvidenceRecord {
        var data: [String: JSONValue] = [
            "check_type": "dcv", "authz_id": .string(authz), "role": .string(role), "challenge_type": .string(type),
            "status": .string(status), "error": "", "log": ["host": .string(host)],
        ]
        if let summary { data["summary"] = summary }
        return record("validation.result", time, data)
    }

    static func decision(
        _ time: String, value: String, authz: String, outcome: String = "successful",
        serial: String? = "04a1c3e5f7", request: String = "y7bKDw"
    ) -> EvidenceRecord {
        var data: [String: JSONValue] = [
            "outcome": .string(outcome), "id": .string(request), "requester": 8741, "order_id": 39571204,
            "identifier": ["type": "dns", "value": .string(value)], "authz": .string(authz), "challenge": "http-01",
            "request_time": "2026-11-28T09:15:30.102Z",
            "identifiers": [
                ["identifier": ["type": "dns", "value": "shop.example.org"]],
                ["identifier": ["type": "dns", "value": "*.shop.example.org"]],
            ],
        ]
        if let serial { data["serial_number"] = .string(serial) }
        return record("issuance.decision", time, data)
    }

    static func certificate(serial: String, names: [JSONValue], scts: Int) -> EvidenceRecord {
        let sct: JSONValue = ["log_id": "7s3QZNXbGs7FXLedtM0TojKHRny87N7DUUhZRnEftZs=", "timestamp": "2026-11-28T09:15:31.500Z"]
        return record(
            "certificate", "10:00:00", subject: "cert:abc.\(serial)", collector: "x509",
            [
                "serial": .string(serial), "names": .array(names), "not_before": "2026-11-28T08:16:30Z",
                "not_after": "2027-02-26T08:16:29Z", "issuer_dn": "CN=R11", "scts": .array(Array(repeating: sct, count: scts)),
            ])
    }

    static let summary: JSONValue = [
        "quorumResult": "3/4", "passedPerspectives": ["ap-northeast-1", "eu-central-1", "us-east-2"],
        "failedPerspectives": ["sa-east-1"], "passedRIRs": ["APNIC", "ARIN", "RIPE"],
    ]
}

struct DecisionLogTests {
    typealias F = IssuanceFixture

    @Test func anIssuanceReadsRequestValidationsCAADecisionCertificateSCTsInThatOrder() {
        let caa = F.record(
            "validation.result", "09:15:30.900",
            [
                "check_type": "caa", "authz_id": "1478512", "role": "primary", "status": "valid", "error": "",
                "log": ["host": "va-1"], "summary": ["quorumResult": "3/3"],
            ])
        let records = [
            F.certificate(serial: "0004a1c3e5f7", names: ["*.shop.example.org", "shop.example.org"], scts: 2),
            F.decision("09:15:31.877", value: "*.Shop.example.org", authz: "1478513"),
            F.decision("09:15:31.877", value: "shop.example.org", authz: "1478512"),
            caa,
            F.validation("09:14:58.612", authz: "1478512", role: "primary", host: "va-1", summary: F.summary),
            F.validation("09:14:58.300", authz: "1478512", role: "remote", host: "rva-use2"),
            // A validation logged after the decision still belongs to it, by its authorization.
            F.validation("09:16:00", authz: "1478513", role: "primary", host: "va-1", type: "dns-01"),
        ]
        let log = DecisionLog(subject: F.subject, records: records)
        #expect(log.issuances.count == 1)
        #expect(log.unattached.isEmpty)
        let issuance = log.issuances[0]
        #expect(
            issuance.entries.map(\.step) == [
                .request, .validation, .validation, .validation, .caa, .decision, .decision,
                .certificate, .sct, .sct,
            ])
        #expect(issuance.entries[1].text == "http-01 remote rva-use2: valid authz 1478512")
        #expect(issuance.entries[2].text.hasPrefix("http-01 primary va-1: valid quorum 3/4, passed ap-northeast-1, eu-central-1, us-east-2, failed sa-east-1"))
        #expect(issuance.entries[3].text.hasPrefix("dns-01 primary va-1: valid"))
        #expect(issuance.entries[0].text == "account 8741, order 39571204, for shop.example.org, *.shop.example.org")
    }

    @Test func theTextNamesEachLineWithTimeStepAndRecord() {
        let decision = F.decision("09:15:31", value: "shop.example.org", authz: "1", serial: nil, request: "r1")
        let validation = F.validation("09:14:58", authz: "1", role: "remote", host: "rva-use2")
        let log = DecisionLog(subject: F.subject, records: [validation, decision])
        #expect(
            log.lines == [
                "Issuance 2026-11-28T09:15:31Z successful",
                "  2026-11-28T09:15:30.102Z  request      account 8741, order 39571204, for shop.example.org, *.shop.example.org  [\(decision.id.prefix(12))]",
                "  2026-11-28T09:14:58Z      validation   http-01 remote rva-use2: valid authz 1  [\(validation.id.prefix(12))]",
                "  2026-11-28T09:15:31Z      decision     successful: shop.example.org, authz 1, http-01  [\(decision.id.prefix(12))]",
            ])
    }

    @Test func aCertificateJoinsTheDecisionWithItsSerialAndOthersStandApart() {
        let decision = F.decision("09:15:31", value: "shop.example.org", authz: "1", serial: "04a1c3e5f7")
        let ours = F.certificate(serial: "0004A1C3E5F7", names: ["shop.example.org"], scts: 0)
        let other = F.certificate(serial: "99", names: ["*.shop.example.org"], scts: 1)
        let unrelated = F.certificate(serial: "04a1c3e5f7", names: ["other.example.org"], scts: 1)
        let log = DecisionLog(subject: F.subject, records: [decision, ours, other, unrelated])
        let steps = log.issuances[0].entries.map(\.step)
        #expect(steps == [.request, .decision, .certificate, .sct])
        #expect(log.issuances[0].entries.last?.text == "no SCT in the certificate")
        #expect(log.issuances[0].entries.last?.isSuccess == false)
        #expect(log.unattached.map(\.recordID) == [other.id, other.id])
    }

    @Test func mpicResultsJoinTheNextDecisionAndLaterOnesStandApart() {
        let before = F.record(
            "mpic.result", "09:10:00", collector: "mpic",
            [
                "check_type": "dcv", "validation_method": "dns-01", "is_valid": true,
                "perspectives": [
                    ["code": "us-east-2", "check_passed": true, "timestamp": "2026-11-28T09:09:59Z"],
                    [
                        "code": "eu-central-1", "check_passed": false,
                        "errors": [["error_type": "mpic_error:timeout", "error_message": "timed out"]],
                    ],
                ],
            ])
        let after = F.record("mpic.result", "11:00:00", collector: "mpic", ["check_type": "caa", "is_valid": true, "perspectives": []])
        let decision = F.decision("09:15:31", value: "shop.example.org", authz: "1")
        let refused = F.decision("10:02:12", value: "shop.example.org", authz: "2", outcome: "error", serial: nil, request: "r2")
        let log = DecisionLog(subject: F.subject, records: [after, refused, decision, before])
        #expect(log.issuances.map(\.outcome) == ["successful", "error"])
        #expect(
            log.issuances[0].entries.filter { $0.step == .validation }.map(\.text) == [
                "dns-01 perspective us-east-2: passed", "dns-01 mpic: 1/2 perspectives passed (is_valid true)",
                "dns-01 perspective eu-central-1: failed (timed out)",
            ])
        #expect(log.issuances[1].entries.map(\.step) == [.request, .decision])
        #expect(log.issuances[1].entries[1].isSuccess == false)
        #expect(log.unattached.map(\.text) == ["CAA mpic: 0/0 perspectives passed (is_valid true)"])
        #expect(log.lines.contains("Not tied to an issuance decision"))
    }

    @Test func recordsOfOtherSubjectsAreLeftOut() {
        let elsewhere = F.record("validation.result", "09:00:00", subject: "domain:other.example.org", ["authz_id": "1"])
        let log = DecisionLog(subject: F.subject, records: [elsewhere])
        #expect(log.issuances.isEmpty && log.unattached.isEmpty)
        #expect(log.lines == ["No issuance decision or input about shop.example.org."])
    }
}
