import EvidenceModel

/// Every collector this build ships, looked up by the name the command line uses.
public enum CollectorRegistry {
    public static let all: [any EvidenceCollector] = [
        FwupdCollector(),
        RiskRegisterCollector(),
        AssetInventoryCollector(),
        AWSKMSCollector(),
        CloudTrailCollector(),
        CredentialReportCollector(),
        VaultTransitCollector(),
        GCPKMSCollector(),
        GitLabTokensCollector(),
        ACMCertificateCollector(),
        FwupdSecurityCollector(),
        InSpecCollector(),
        OSCALPoamCollector(),
        OpenMPICCollector(),
        BoulderAuditCollector(),
        X509CertificateCollector(),
        ARIRenewalInfoCollector(),
        DocumentCollector(),
    ]

    public static func collector(named name: String) -> (any EvidenceCollector)? {
        all.first { $0.name == name }
    }

    /// The names in registry order, for help texts and "unknown collector" messages.
    public static var names: [String] { all.map(\.name) }
}
