/// Kinds are states (newest observation replaces older ones) or events (every observation stands).
public enum EvidenceKind {
    /// One fwupd device as `fwupdmgr get-devices --json` wrote it (``FirmwareDeviceEvidence``).
    public static let firmwareDevice = "firmware.device"
    /// A host's fwupd Host Security ID attributes (``FirmwareSecurityEvidence``).
    public static let firmwareSecurity = "firmware.security"
    /// A key in a key manager (``KeyEvidence``).
    public static let key = "key"
    /// An access key, signing certificate or bearer token of one principal (``CredentialEvidence``).
    public static let credential = "credential"
    /// A CloudTrail event about a KMS key (``KeyEventEvidence``).
    public static let keyEvent = "key.event"
    /// A CloudTrail event about an IAM access key (``KeyEventEvidence``).
    public static let credentialEvent = "credential.event"
    public static let riskAcceptance = "risk.acceptance"
    public static let asset = "asset"
    /// One collection of a register file (risk register, asset inventory, POA&M, InSpec waivers). Its
    /// entries are the records collected with it; a document's newest collection says which are in force.
    public static let register = "register"
    /// A document a person provides, with its owner, approval and review cycle (``DocumentEvidence``).
    public static let document = "document"
    /// An ACME RenewalInfo suggested window as fetched (``ARIWindowEvidence``).
    public static let ariWindow = "ari.window"
    /// A certificate (``CertificateEvidence``).
    public static let certificate = "certificate"
    /// A CA's decision on one identifier of a certificate request (``IssuanceDecisionEvidence``).
    public static let issuanceDecision = "issuance.decision"
    /// A domain-control validation or CAA check as a CA's VA logged it (``ValidationResultEvidence``).
    public static let validationResult = "validation.result"
    /// One Open MPIC response: a corroboration attempt of a DCV or CAA check (``MPICResultEvidence``).
    public static let mpicResult = "mpic.result"
    /// One control of a compliance scan as run on a host (``ControlResultEvidence``).
    public static let controlResult = "control.result"
    /// One run of a `vigil.yaml` source, successful or not (``SourceRunEvidence``): what completeness rests on.
    public static let sourceRun = "source.run"

    /// What a kind is: its name, whether each observation stands (an event) or replaces the
    /// subject's older ones (a state), and the type of subject its records are about (nil: any, as an
    /// asset inventory lists hosts, keys and domains alike).
    public struct Info: Sendable, Hashable {
        public let name: String
        public let isEvent: Bool
        public let subjectType: SubjectType?
    }

    /// The one table of the kinds Vigil's collectors write. Kinds ending in `.event` (CloudTrail's
    /// `key.event`, `credential.event`) are events about the subject type before the dot.
    public static let table: [Info] = [
        Info(name: firmwareDevice, isEvent: false, subjectType: .host),
        Info(name: firmwareSecurity, isEvent: false, subjectType: .host),
        Info(name: controlResult, isEvent: false, subjectType: .host),
        Info(name: key, isEvent: false, subjectType: .key),
        Info(name: credential, isEvent: false, subjectType: .credential),
        Info(name: keyEvent, isEvent: true, subjectType: .key),
        Info(name: credentialEvent, isEvent: true, subjectType: .credential),
        Info(name: certificate, isEvent: false, subjectType: .cert),
        Info(name: ariWindow, isEvent: false, subjectType: .cert),
        Info(name: mpicResult, isEvent: true, subjectType: .domain),
        Info(name: validationResult, isEvent: true, subjectType: .domain),
        Info(name: issuanceDecision, isEvent: true, subjectType: .domain),
        Info(name: riskAcceptance, isEvent: false, subjectType: .risk),
        Info(name: asset, isEvent: false, subjectType: nil),
        Info(name: register, isEvent: false, subjectType: .register),
        Info(name: document, isEvent: false, subjectType: .document),
        Info(name: sourceRun, isEvent: true, subjectType: .source),
    ]

    private static let byName = Dictionary(uniqueKeysWithValues: table.map { ($0.name, $0) })

    /// The kind's row of ``table``, or for a `<type>.event` kind its event row; nil for a kind Vigil does not know.
    public static func info(_ kind: String) -> Info? {
        if let row = byName[kind] { return row }
        guard kind.hasSuffix(".event") else { return nil }
        return Info(name: kind, isEvent: true, subjectType: SubjectType(rawValue: String(kind.dropLast(".event".count))))
    }

    public static func isEvent(_ kind: String) -> Bool {
        info(kind)?.isEvent ?? false
    }
}
