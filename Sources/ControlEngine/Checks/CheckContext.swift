import EvidenceModel

/// What checks may need beyond their own parameters: data the configuration supplies for every
/// control (`vigil.yaml`), handed to each check as it is built.
public struct CheckContext: Sendable, Hashable {
    /// Network Perspectives by code, for the MPIC checks (`perspective_catalogue:`).
    public var perspectives: PerspectiveCatalogue
    /// The longest string an `expect` clause's `matches` searches (`limits.regex_text_length`).
    public var regexTextLength = InputLimits.standard.regexTextLength

    public init(perspectives: PerspectiveCatalogue = .standard) {
        self.perspectives = perspectives
    }

    /// The built-in tables.
    public static let standard = CheckContext()
}
