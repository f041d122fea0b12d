import EvidenceModel
import Foundation

@testable import ControlEngine

/// `issuance.decision` and `validation.result` records in the schema of the `boulder-audit` collector,
/// for the `issuance_justified` tests: one request, its validations and CAA checks.
enum IssuanceFixture {
    static func date(_ text: String) -> Date { Timestamp.parse(text) ?? .distantPast }

    /// One identifier's decision of a request for `names`, issued (ResponseTime and logged) at `issued`.
    static func decision(
        _ name: String, of names: [String]? = nil, issued: Date, authz: String? = nil, serial: String? = "03b7a91c",
        outcome: String = "successful", error: String? = nil
    ) -> EvidenceRecord {
        let identifiers: [JSONValue] = (names ?? [name]).map { ["identifier": ["type": "dns", "value": .string($0)]] }
        var data: [String: JSONValue] = [
            "outcome": .string(outcome), "identifier": ["type": "dns", "value": .string(name)],
            "identifiers": .array(identifiers), "response_time": .string(Timestamp.format(issued)),
            "authz": .string(authz ?? "authz-\(name)"), "challenge": "http-01",
        ]
        if let serial { data["serial_number"] = .string(serial) }
        if let error { data["error"] = .string(error) }
        return Fixture.record("issuance.decision", "domain:" + name.replacingOccurrences(of: "*.", with: ""), at: issued, data)
    }

    /// The primary VA's `Validation result` (dcv) or `CAA check result` (caa) for `name`, at `at`.
    static func check(
        _ checkType: String, _ name: String, at: Date, authz: String? = nil, passed: [String] = MPICFixture.six,
        failed: [String] = [], status: String = "valid", error: String = "", method: String = "http-01"
    ) -> EvidenceRecord {
        let rirs = Set(passed.compactMap { PerspectiveCatalogue.standard.perspective($0)?.rir.rawValue }).sorted()
        let data: [String: JSONValue] = [
            "check_type": .string(checkType), "event": .string(checkType == "caa" ? "CAA check result" : "Validation result"),
            "identifier": ["type": "dns", "value": .string(name)], "target": .string(name),
            "validation_method": .string(checkType == "caa" ? "caa" : method), "status": .string(status),
            "error": .string(error), "role": "primary", "validated_at": .string(Timestamp.format(at)),
            "authz_id": .string(authz ?? "authz-\(name)"),
            "summary": [
                "passedPerspectives": .array(passed.map(JSONValue.string)), "failedPerspectives": .array(failed.map(JSONValue.string)),
                "passedRIRs": .array(rirs.map(JSONValue.string)), "quorumResult": .string("\(passed.count)/\(passed.count + failed.count)"),
            ],
        ]
        return Fixture.record("validation.result", "domain:\(name)", at: at, data)
    }

    /// A decision with a DCV `dcvBefore` and a CAA check `caaBefore` seconds earlier: the records of one issuance.
    static func issuance(_ name: String, issued: Date, dcvBefore: TimeInterval = 13, caaBefore: TimeInterval = 12) -> [EvidenceRecord] {
        [
            check("dcv", name, at: issued.addingTimeInterval(-dcvBefore)), check("caa", name, at: issued.addingTimeInterval(-caaBefore)),
            decision(name, issued: issued),
        ]
    }

    static let control = Fixture.control(
        """
        - id: ISS-01
          title: Every issued certificate is justified
          severity: critical
          evidence: [issuance.decision, validation.result, mpic.result, certificate]
          window: 3650d
          check: {type: issuance_justified}
        """)

    /// Each domain's result at `instant` (a day after the newest record by default).
    static func results(_ records: [EvidenceRecord], at instant: Date? = nil) -> [String: SubjectResult] {
        let at = instant ?? (records.map(\.observedAt).max() ?? Fixture.now).addingTimeInterval(86_400)
        let results = Fixture.run([control], records, at: at).controls.first?.results ?? []
        return Dictionary(results.map { ($0.subject, $0) }, uniquingKeysWith: { first, _ in first })
    }
}
