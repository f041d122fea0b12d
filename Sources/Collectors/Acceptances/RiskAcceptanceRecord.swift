import EvidenceModel

extension RiskAcceptanceEvidence {
    /// The acceptance as the declared record every writer stores (the risk register, InSpec
    /// waivers, OSCAL POA&M risks): the same keys, so the engine reviews and applies them alike.
    ///
    /// Other tools' formats may lack an acceptance date, an expiry or an approver; those keys are
    /// then left out and the engine reports the acceptance as stale for that reason (`expired`: no
    /// expiry, `no_approver`), which is the honest verdict on such an acceptance.
    func record(collector: String, input: CollectorInput) -> EvidenceRecord {
        EvidenceRecord(
            kind: EvidenceKind.riskAcceptance, subject: subject, observedAt: input.observedAt, collector: collector,
            origin: .declared, source: input.source, data: data)
    }
}
