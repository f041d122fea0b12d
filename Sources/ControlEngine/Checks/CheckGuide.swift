/// What each check type judges, its parameters and a one-line example, for `vigil controls --help`.
/// A test builds every example through ``CheckCatalog`` and requires an entry per implemented type.
public enum CheckGuide {
    public struct Entry: Sendable {
        public let type: String
        public let judges: String
        /// `name (what)`, required ones first; empty when the check takes none.
        public let parameters: [String]
        /// The control's `check:` line.
        public let example: String
    }

    public static let entries: [Entry] = [
        Entry(
            type: "max_age", judges: "a date field of the newest record is at most `max` old",
            parameters: ["field (dotted path, required)", "max (duration, required)"],
            example: "check: {type: max_age, field: last_rotated, max: 90d}"),
        Entry(
            type: "expect", judges: "every clause holds on the newest record (equals, not_equals, in, contains, matches, gte, lte, exists)",
            parameters: ["all (list of {field: PATH, OPERATOR: VALUE}, required)"],
            example: "check: {type: expect, all: [{field: enabled, equals: true}, {field: version, matches: '^2\\.'}]}"),
        Entry(
            type: "firmware_updatable", judges: "every fwupd device of a host can be updated by the platform",
            parameters: [], example: "check: {type: firmware_updatable}"),
        Entry(
            type: "firmware_not_vulnerable", judges: "no device runs a version an OSV advisory names (fwupd version order)",
            parameters: ["advisories (OSV JSON file, relative to the control file, required)"],
            example: "check: {type: firmware_not_vulnerable, advisories: advisories/firmware.osv.json}"),
        Entry(
            type: "hsi", judges: "the named fwupd HSI attributes have the required results",
            parameters: ["attributes (mapping attribute → result, required)"],
            example: "check: {type: hsi, attributes: {org.fwupd.hsi.Uefi.SecureBoot: enabled}}"),
        Entry(
            type: "key_rotation", judges: "automatic rotation is on, its period and the material's age are within `max_age`",
            parameters: ["max_age (duration, required)"], example: "check: {type: key_rotation, max_age: 90d}"),
        Entry(
            type: "credential_age", judges: "every active credential of a subject is younger than `max_age`",
            parameters: ["max_age (duration, required)"], example: "check: {type: credential_age, max_age: 90d}"),
        Entry(
            type: "key_algorithm", judges: "the key's algorithm is allowed, RSA long enough; says its post-quantum readiness",
            parameters: ["min_rsa_bits (number, default 2048)", "forbidden (list of algorithm names)"],
            example: "check: {type: key_algorithm, min_rsa_bits: 3072, forbidden: [RSA_1024]}"),
        Entry(
            type: "mpic_quorum", judges: "a validation's remote perspectives meet TLS BR 3.2.2.9 as in force on its day",
            parameters: ["min_perspectives (number)", "primary (perspective code)"], example: "check: {type: mpic_quorum}"),
        Entry(
            type: "mpic_agreement", judges: "the perspectives of a validation saw the same records",
            parameters: [], example: "check: {type: mpic_agreement}"),
        Entry(
            type: "ct_logged", judges: "the certificate embeds SCTs from enough distinct CT logs for its lifetime",
            parameters: ["min_scts (number, default 2)", "min_scts_long (number)", "long_lifetime (duration, default 180d)"],
            example: "check: {type: ct_logged, min_scts: 2, min_scts_long: 3}"),
        Entry(
            type: "ari_window", judges: "the certificate was renewed inside the window ACME RenewalInfo suggested",
            parameters: [], example: "check: {type: ari_window}"),
        Entry(
            type: "issuer_diversity", judges: "a domain's certificates within `within` come from at least `min_issuers` issuers",
            parameters: ["min_issuers (number, required)", "within (duration, required)", "group_by (organization or issuer)"],
            example: "check: {type: issuer_diversity, min_issuers: 2, within: 90d, group_by: organization}"),
        Entry(
            type: "issuance_justified",
            judges: "every issued identifier rests on a validation within the reuse period, a compliant quorum, CAA within 8 h, and its certificate's SCTs",
            parameters: ["min_perspectives, primary (as mpic_quorum)", "min_scts, min_scts_long, long_lifetime (as ct_logged)"],
            example: "check: {type: issuance_justified, min_scts: 2, min_scts_long: 3}"),
        Entry(
            type: "document_current",
            judges: "a document has an owner and an approver, and its approval plus its review cycle is after the instant",
            parameters: ["max_review_every (duration, optional: the longest cycle a document may declare)"],
            example: "check: {type: document_current, max_review_every: 365d}"),
    ]

    /// The guide as help text: one paragraph per type.
    public static var text: String {
        entries.map { entry in
            let parameters = entry.parameters.isEmpty ? "no parameters" : entry.parameters.joined(separator: "; ")
            return "\(entry.type): \(entry.judges).\n  parameters: \(parameters)\n  \(entry.example)"
        }.joined(separator: "\n")
    }
}
