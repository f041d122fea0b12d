import EvidenceModel
import Foundation

/// `hsi`: each named fwupd Host Security ID attribute has the required result.
///
/// ```yaml
/// check:
///   type: hsi
///   attributes:
///     org.fwupd.hsi.Uefi.SecureBoot: enabled
///     org.fwupd.hsi.Spi.Bioswe: not-enabled
///     org.fwupd.hsi.Spi.SmmBwp: success      # fwupd's own `success` flag, whatever the result word
/// ```
/// Judged on the named attributes of the host's `firmware.security` record, never on the overall
/// HSI number. An attribute that is absent, has no `HsiResult`, or is flagged `missing-data`, and a
/// host where fwupd refused HSI (virtual machines), cannot be assessed: the host is `error` with
/// the reason — not `fail`, because nobody measured a failure — unless another attribute fails.
public struct HsiCheck: ControlCheck {
    public static let type = "hsi"

    /// fwupd's `HsiResult` words (libfwupd `fwupd-security-attr.c`) and `success` for the flag.
    public static let results: Set<String> = [
        "enabled", "not-enabled", "valid", "not-valid", "locked", "not-locked", "encrypted", "not-encrypted",
        "tainted", "not-tainted", "found", "not-found", "supported", "not-supported", "success",
    ]

    /// Attribute `AppstreamId` → the required result, in name order.
    public let required: [(attribute: String, result: String)]

    public init(required: [String: String]) {
        self.required = required.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    public init?(parameters: inout CheckParameters) {
        guard let value = parameters.required("attributes") else { return nil }
        guard let mapping = value.objectValue, !mapping.isEmpty else {
            parameters.report(
                "attributes", "expected a mapping of HSI attribute to required result (e.g. org.fwupd.hsi.Uefi.SecureBoot: enabled), found \(value.typeName)")
            return nil
        }
        var required: [String: String] = [:]
        for key in mapping.keys.sorted() {
            let field = "attributes.\(key)"
            if !key.hasPrefix("org.fwupd.hsi.") {
                parameters.report(field, "'\(key)' is not an HSI attribute id (they start with org.fwupd.hsi.)")
            }
            guard let result = mapping[key]?.stringValue, Self.results.contains(result) else {
                let shown = mapping[key].map { $0.stringValue ?? JSONText.of($0) } ?? "null"
                parameters.report(field, "'\(shown)' is not an HSI result (use one of \(Self.results.sorted().joined(separator: ", ")))")
                continue
            }
            required[key] = result
        }
        guard required.count == mapping.count, parameters.problems.isEmpty else { return nil }
        self.init(required: required)
    }

    public func judge(_ records: [EvidenceRecord], at instant: Date) -> CheckVerdict {
        guard let record = records.last else { return CheckVerdict(status: .error, reason: "no firmware.security record") }
        let security: FirmwareSecurityEvidence
        do { security = try FirmwareSecurityEvidence(record: record) } catch {
            return CheckVerdict(status: .error, reason: "not assessable: \(error)")
        }
        if security.isAvailable == false {
            return CheckVerdict(status: .error, reason: "not assessable: \(security.reason ?? "HSI unavailable")")
        }
        var passed: [String] = []
        var failed: [String] = []
        var unassessable: [String] = []
        for (attribute, wanted) in required {
            let short = attribute.replacingOccurrences(of: "org.fwupd.hsi.", with: "")
            guard let found = security.attributes[attribute] else {
                unassessable.append("\(short) not reported")
                continue
            }
            guard let result = found.result else {
                unassessable.append("\(short) has no HsiResult")
                continue
            }
            if found.flags.contains("missing-data") {
                unassessable.append("\(short) is \(result) but flagged missing-data")
                continue
            }
            let holds = wanted == "success" ? found.success : result == wanted
            let required = wanted == "success" ? "fwupd success" : wanted
            if holds {
                passed.append("\(short) \(result)")
            } else {
                failed.append("\(short) is \(result) (required \(required))")
            }
        }
        let notAssessed = unassessable.isEmpty ? "" : "; not assessable: " + unassessable.joined(separator: ", ")
        if !failed.isEmpty {
            return .fail("\(failed.count) of \(required.count) attributes fail: " + failed.joined(separator: ", ") + notAssessed)
        }
        if !unassessable.isEmpty {
            return CheckVerdict(status: .error, reason: "not assessable: " + unassessable.joined(separator: ", "))
        }
        return .pass("all \(required.count) attributes as required: " + passed.joined(separator: ", "))
    }
}
