import EvidenceModel
import Foundation

@testable import ControlEngine

/// `mpic.result` and `validation.result` records in the schema of the `mpic` and `boulder-audit`
/// collectors, for the MPIC check tests.
enum MPICFixture {
    /// One perspective: its code, and what it reported.
    struct Seen {
        var code: String
        var passed = true
        var completed = true
        var errors: [String] = []
        var records: [String]? = nil

        static func pass(_ code: String, records: [String]? = nil) -> Seen { Seen(code: code, records: records) }
        static func fail(_ code: String) -> Seen { Seen(code: code, passed: false) }
    }

    static func day(_ text: String) -> Date { Timestamp.parse(text) ?? .distantPast }

    /// An Open MPIC response validated at `at` (the perspectives' latest timestamp).
    static func openMPIC(
        _ seen: [Seen], at: String = "2026-11-29T10:00:00Z", checkType: String = "caa", isValid: Bool = true,
        method: String? = nil, domain: String = "example.com", previousAttempts: Int = 0, quorumCount: Int? = nil
    ) -> EvidenceRecord {
        let time = day(at)
        let perspectives: [JSONValue] = seen.map { s in
            var details: [String: JSONValue] = [:]
            if let records = s.records { details["records_seen"] = .array(records.map(JSONValue.string)) }
            return [
                "code": .string(s.code), "check_passed": .bool(s.passed), "check_completed": .bool(s.completed),
                "errors": .array(s.errors.map { ["error_type": .string($0), "error_message": "lookup failed"] }),
                "timestamp": .string(Timestamp.format(time)), "check_type": .string(checkType), "details": .object(details),
            ]
        }
        var data: [String: JSONValue] = [
            "check_type": .string(checkType), "target": .string(domain), "domain": .string(domain), "wildcard": false,
            "is_valid": .bool(isValid), "mpic_completed": true,
            "validation_method": .string(method ?? (checkType == "caa" ? "caa" : "acme-http-01")),
            "perspectives": .array(perspectives), "validated_at": .string(Timestamp.format(time)),
            "previous_attempts": .array(Array(repeating: .array([]), count: previousAttempts)),
        ]
        if let quorumCount {
            data["actual_orchestration_parameters"] = [
                "perspective_count": .number(Double(seen.count)),
                "quorum_count": .number(Double(quorumCount)), "attempt_count": 1,
            ]
        }
        return Fixture.record("mpic.result", "domain:\(domain)", at: time, data)
    }

    /// A Boulder `Validation result` line from the primary VA (with `summary`) or a remote VA.
    static func boulder(
        passed: [String], failed: [String] = [], rirs: [String], quorum: String? = nil,
        at: String = "2026-11-29T10:00:00Z", status: String = "valid", error: String = "", role: String = "primary",
        withSummary: Bool = true
    ) -> EvidenceRecord {
        let time = day(at)
        var data: [String: JSONValue] = [
            "check_type": "dcv", "event": "Validation result", "identifier": ["type": "dns", "value": "example.org"],
            "target": "example.org", "validation_method": "http-01", "challenge_type": "http-01", "status": .string(status),
            "error": .string(error), "role": .string(role), "validated_at": .string(Timestamp.format(time)),
        ]
        if withSummary {
            data["summary"] = [
                "passedPerspectives": .array(passed.map(JSONValue.string)), "failedPerspectives": .array(failed.map(JSONValue.string)),
                "passedRIRs": .array(rirs.map(JSONValue.string)),
                "quorumResult": .string(quorum ?? "\(passed.count)/\(passed.count + failed.count)"),
            ]
        }
        return Fixture.record("validation.result", "domain:example.org", at: time, data)
    }

    /// Six perspectives over three RIRs, all distinct: ARIN ×2, RIPE NCC ×2, APNIC ×2.
    static let six = ["us-east-2", "us-west-2", "eu-central-1", "eu-west-2", "ap-northeast-1", "ap-southeast-2"]

    /// A CA's own catalogue: four points of presence in four RIR regions, none in the built-in one.
    static let ownCatalogue = PerspectiveCatalogue(
        [
            NetworkPerspective(code: "pop-a", rir: .arin, latitude: 40, longitude: -100),
            NetworkPerspective(code: "pop-b", rir: .ripeNCC, latitude: 50, longitude: 10),
            NetworkPerspective(code: "pop-c", rir: .apnic, latitude: 35, longitude: 139),
            NetworkPerspective(code: "pop-d", rir: .lacnic, latitude: -23, longitude: -46),
        ], origin: "ca-perspectives.yaml")
}
