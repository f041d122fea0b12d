/// Kinds are states (newest observation replaces older ones) or events (every observation stands).
public enum EvidenceKind {
    public static let firmwareDevice = "firmware.device"
    public static let firmwareSecurity = "firmware.security"
    public static let riskAcceptance = "risk.acceptance"
    public static let asset = "asset"

    private static let eventKinds: Set<String> = ["mpic.result", "validation.result", "issuance.decision"]

    public static func isEvent(_ kind: String) -> Bool {
        eventKinds.contains(kind) || kind.hasSuffix(".event")
    }
}
