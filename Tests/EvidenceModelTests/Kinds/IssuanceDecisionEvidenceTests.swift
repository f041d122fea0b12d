import EvidenceModel
import Foundation
import Testing

/// `issuance.decision` written and read through one model: a field renamed on one side breaks this test.
struct IssuanceDecisionEvidenceTests {
    private static func record(_ data: [String: JSONValue], kind: String = "issuance.decision") -> EvidenceRecord {
        EvidenceRecord(
            kind: kind, subject: "domain:shop.example.org", observedAt: Date(timeIntervalSince1970: 1_800_000_000),
            collector: "boulder-audit", origin: .observed, source: EvidenceSource(name: "boulder.log", sha256: String(repeating: "0", count: 64)),
            data: data)
    }

    private static func date(_ text: String) -> Date { Timestamp.parse(text) ?? .distantPast }

    static var request: IssuanceDecisionEvidence.Request {
        let plain = IssuanceDecisionEvidence.RequestedIdentifier(
            identifier: .init(type: "dns", value: "shop.example.org"), wildcard: false, authz: "7", challenge: "http-01",
            validated: date("2026-11-28T09:14:58.120Z"))
        let wildcard = IssuanceDecisionEvidence.RequestedIdentifier(
            identifier: .init(type: "dns", value: "*.shop.example.org"), wildcard: true, authz: "8", challenge: "dns-01")
        var request = IssuanceDecisionEvidence.Request(
            outcome: "successful", identifiers: [plain, wildcard],
            log: BoulderAuditLine(line: 12, host: "ra-1", binary: "boulder-ra", pid: 41, severity: 6, loggedAt: date("2026-11-28T09:15:31.5Z")))
        request.id = "y7bKDw"
        request.requester = 8741
        request.orderID = 39_571_204
        request.serialNumber = "04a1c3e5f7"
        request.commonName = "shop.example.org"
        request.profile = "tlsserver"
        request.userAgent = "certbot/2.11"
        request.notBefore = date("2026-11-28T08:15:31Z")
        request.notAfter = date("2027-02-26T08:15:30Z")
        request.requestTime = date("2026-11-28T09:15:30.102Z")
        request.responseTime = date("2026-11-28T09:15:31.4Z")
        request.logFile = ["lines": 9, "kept": 9]
        return request
    }

    @Test func eachDecisionOfARequestReadsBackAsItWasWritten() throws {
        let request = Self.request
        let written = IssuanceDecisionEvidence.dataOfEachDecision(on: request)
        #expect(written.count == 2)
        for (data, decided) in zip(written, request.identifiers) {
            let decision = IssuanceDecisionEvidence(request: request, decided: decided)
            #expect(decision.data == data, "the one decision's data is its share of the request's")
            let read = try IssuanceDecisionEvidence(record: Self.record(data))
            #expect(read == decision)
            #expect(read.data == data)
        }
        #expect(written[1]["wildcard"] == true && written[1]["authz"] == "8" && written[1]["event"] == "Certificate request - successful")
        #expect(written[0]["identifiers"]?.arrayValue?.count == 2 && written[0]["log_file"]?["kept"] == 9)
    }

    @Test func aFieldMissingOrOfAnotherTypeReadsAsNilAndTheRecordIsKept() throws {
        let read = try IssuanceDecisionEvidence(
            record: Self.record(["outcome": 3, "requester": "8741", "response_time": "soon", "identifier": ["type": "dns"]]))
        #expect(read.request.outcome == nil && read.request.requester == nil && read.request.responseTime == nil)
        #expect(read.decided.identifier == nil && read.request.identifiers.isEmpty)
    }

    @Test func aRecordOfAnotherKindIsRefusedNamingTheKind() {
        #expect(
            throws: EvidenceRecord.DecodingFailure.invalid(field: "kind", reason: "expected 'issuance.decision', found 'validation.result'")
        ) {
            try IssuanceDecisionEvidence(record: Self.record(IssuanceDecisionEvidence.dataOfEachDecision(on: Self.request)[0], kind: "validation.result"))
        }
    }
}
