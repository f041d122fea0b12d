import EvidenceModel
import Foundation

/// What each collector reads (the tool command or file that produces it) and the record kinds it
/// writes, for `vigil collect --help`. A test holds it to the registry and to what the shipped
/// demo's collections actually write.
public enum CollectorGuide {
    public struct Entry: Sendable {
        public let collector: String
        public let input: String
        public let kinds: [String]
    }

    public static let entries: [Entry] = [
        Entry(collector: "fwupd", input: "fwupdmgr get-devices --json", kinds: [EvidenceKind.firmwareDevice]),
        Entry(collector: "fwupd-security", input: "fwupdmgr security --json (HSI attributes)", kinds: [EvidenceKind.firmwareSecurity]),
        Entry(collector: "risks", input: "a risk register (YAML)", kinds: [EvidenceKind.riskAcceptance, EvidenceKind.register]),
        Entry(collector: "assets", input: "an asset inventory (YAML or CSV)", kinds: [EvidenceKind.asset, EvidenceKind.register]),
        Entry(
            collector: "aws-kms", input: "aws kms describe-key / get-key-rotation-status / list-key-rotations (JSON, files or a folder)",
            kinds: [EvidenceKind.key]),
        Entry(collector: "cloudtrail", input: "CloudTrail log files (.json, .json.gz)", kinds: [EvidenceKind.keyEvent, EvidenceKind.credentialEvent]),
        Entry(collector: "iam-credential-report", input: "aws iam get-credential-report (CSV or its JSON)", kinds: [EvidenceKind.credential]),
        Entry(collector: "vault-transit", input: "vault read -format=json transit/keys/NAME", kinds: [EvidenceKind.key]),
        Entry(collector: "gcp-kms", input: "gcloud kms keys list --format=json", kinds: [EvidenceKind.key]),
        Entry(collector: "gitlab-tokens", input: "GitLab API: GET /personal_access_tokens (JSON)", kinds: [EvidenceKind.credential]),
        Entry(collector: "aws-acm", input: "aws acm describe-certificate (JSON)", kinds: [EvidenceKind.certificate]),
        Entry(
            collector: "inspec", input: "inspec exec --reporter json (waivers as acceptances)",
            kinds: [EvidenceKind.controlResult, EvidenceKind.riskAcceptance, EvidenceKind.register]),
        Entry(collector: "oscal-poam", input: "an OSCAL plan of action and milestones (JSON)", kinds: [EvidenceKind.riskAcceptance, EvidenceKind.register]),
        Entry(collector: "mpic", input: "Open MPIC /mpic responses (JSON)", kinds: [EvidenceKind.mpicResult]),
        Entry(
            collector: "boulder-audit", input: "Boulder audit log lines (CRC-32 checked)",
            kinds: [EvidenceKind.validationResult, EvidenceKind.issuanceDecision]),
        Entry(collector: "x509", input: "PEM certificates: files, bundles, folders", kinds: [EvidenceKind.certificate]),
        Entry(collector: "ari", input: "ACME renewalInfo responses (JSON, one file per certificate)", kinds: [EvidenceKind.ariWindow]),
        Entry(
            collector: "document", input: "any file (a policy, a training record) with its sidecar FILE.yaml (owner, approval, review cycle)",
            kinds: [EvidenceKind.document]),
    ]

    /// The guide as help text: one line per collector.
    public static var text: String {
        let width = entries.map(\.collector.count).max() ?? 0
        return entries.map { entry in
            entry.collector.padding(toLength: width + 2, withPad: " ", startingAt: 0) + entry.input + " → " + entry.kinds.joined(separator: ", ")
        }.joined(separator: "\n")
    }
}
