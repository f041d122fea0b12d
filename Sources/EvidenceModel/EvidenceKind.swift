/// Kinds are states (newest observation replaces older ones) or events (every observation stands).
public enum EvidenceKind {
    public static let firmwareDevice = "firmware.device"
    public static let firmwareSecurity = "firmware.security"
    public static let riskAcceptance = "risk.acceptance"
    public static let asset = "asset"
    /// One collection of a register file (risk register, asset inventory, POA&M, InSpec waivers). Its
    /// entries are the records collected with it; a document's newest collection says which are in force.
    public static let register = "register"

    private static let eventKinds: Set<String> = ["mpic.result", "validation.result", "issuance.decision"]

    public static func isEvent(_ kind: String) -> Bool {
        eventKinds.contains(kind) || kind.hasSuffix(".event")
    }
}
