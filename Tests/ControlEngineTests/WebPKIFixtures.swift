import EvidenceModel
import Foundation

@testable import ControlEngine

/// `certificate` and `ari.window` records shaped as the `x509` and `ari` collectors write them.
enum WebPKIFixture {
    static let issuerA = "CN=Example Trust A1,O=Example Trust A,C=US"
    static let issuerB = "CN=Example Trust B7,O=Example Trust B,C=US"

    static func date(_ text: String) -> Date { Timestamp.parse(text) ?? .distantPast }

    /// A leaf issued at `issued` (its SCTs' time; notBefore an hour earlier), valid `days`.
    static func certificate(
        _ id: String, names: [String], issued: String, days: Double = 90, logs: [String]? = ["argon", "oak"],
        issuer: String = issuerA, aki: String = "4cca", observed: Date = Fixture.now, isCA: Bool = false,
        precertificate: Bool = false, extra: [String: JSONValue] = [:]
    ) -> EvidenceRecord {
        let notBefore = date(issued).addingTimeInterval(-3_600)
        var data: [String: JSONValue] = [
            "name": .string(names.first ?? id), "names": .array(names.sorted().map(JSONValue.string)),
            "dns_names": .array(names.map(JSONValue.string)),
            "not_before": .string(Timestamp.format(notBefore)),
            "not_after": .string(Timestamp.format(notBefore.addingTimeInterval(days * 86_400 - 1))),
            "issuer_dn": .string(issuer), "authority_key_id": .string(aki), "ari_cert_id": .string(id),
            "is_ca": .bool(isCA), "precertificate": .bool(precertificate),
        ]
        if let logs {
            data["scts"] = .array(logs.map { .object(["log_id": .string($0), "timestamp": .string(issued)]) })
        }
        data.merge(extra) { _, new in new }
        return Fixture.record("certificate", "cert:" + id, at: observed, data)
    }

    static func window(_ id: String, start: String, end: String, fetched: String) -> EvidenceRecord {
        Fixture.record(
            "ari.window", "cert:" + id, at: date(fetched),
            [
                "window_start": .string(start), "window_end": .string(end),
            ])
    }

    static func control(_ check: String, evidence: String = "certificate", extra: String = "") -> Control {
        Fixture.control(
            """
            - id: WPKI-T
              title: Web PKI test
              severity: high
              evidence: \(evidence)
            \(extra)  check: \(check)
            """)
    }

    static func results(_ control: Control, _ records: [EvidenceRecord], at instant: Date = Fixture.now) -> [SubjectResult] {
        Array(Fixture.run([control], records, at: instant).controls.first?.results ?? [])
    }
}
