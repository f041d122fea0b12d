/// The one table of check types: adding a check type is one file plus one line here.
public enum CheckCatalog {
    /// The check types this build can evaluate.
    static let implemented: [any ControlCheck.Type] = [
        MaxAgeCheck.self,
        ExpectCheck.self,
        FirmwareUpdatableCheck.self,
        KeyRotationCheck.self,
        CredentialAgeCheck.self,
        KeyAlgorithmCheck.self,
        FirmwareNotVulnerableCheck.self,
        HsiCheck.self,
        MPICQuorumCheck.self,
        MPICAgreementCheck.self,
        CTLoggedCheck.self,
        ARIWindowCheck.self,
        IssuerDiversityCheck.self,
        IssuanceJustifiedCheck.self,
        DocumentCurrentCheck.self,
    ]

    /// The names of the implemented check types, sorted.
    public static var supportedTypes: [String] { implemented.map { $0.type }.sorted() }

    /// The parameters of `type` that name files the loader must read (empty for unknown types).
    public static func fileParameters(of type: String) -> [String] {
        implemented.first { $0.type == type }?.fileParameters ?? []
    }

    /// Builds the check a spec describes.
    ///
    /// - Returns: the check, or nil with every problem found in its parameters.
    public static func makeCheck(
        _ spec: CheckSpec, context: CheckContext = .standard
    ) -> (check: (any ControlCheck)?, problems: [CheckParameterProblem]) {
        guard let checkType = implemented.first(where: { $0.type == spec.type }) else {
            let supported = "supported: " + supportedTypes.joined(separator: ", ")
            return (nil, [CheckParameterProblem(field: "check.type", reason: "unknown check type '\(spec.type)' (\(supported))")])
        }
        var parameters = CheckParameters(spec.parameters, resources: spec.resources, context: context)
        let check = checkType.init(parameters: &parameters)
        parameters.rejectUnread(type: spec.type)
        return (parameters.problems.isEmpty ? check : nil, parameters.problems)
    }
}
