import EvidenceModel
import Foundation

/// `ari_window`: a certificate was renewed before the end of the ACME Renewal Information window
/// its CA suggested (RFC 9773).
///
/// ```yaml
/// evidence: [certificate, ari.window]
/// check: {type: ari_window}
/// ```
/// The successor is the earliest later-issued certificate for the same name set (or whose `replaces`
/// names this one). Issuance is the earliest SCT, else notBefore (CAs backdate it; the reason says
/// which). Windows move — a CA pulls them forward after an incident — so a renewal is judged by the
/// response fetched last before it (each `ari.window` observation is kept with its fetch time); with
/// no successor yet, by the newest response. Verdicts:
/// - successor issued by the window's end: pass (the reason notes a renewal before the window opened);
/// - successor issued after it, or after the certificate expired: fail;
/// - no successor, window end still ahead: pass, "renewal not yet due";
/// - no successor and the window has ended, or the certificate has expired: fail.
///
/// `not_applicable`: CA certificates, precertificates, records without a name set (`aws-acm`), and
/// certificates whose CA returned no RenewalInfo (no `ari.window` record: use a `scope` to demand one).
/// The verdict cites the window record used and the successor certificate.
public struct ARIWindowCheck: RelatedEvidenceCheck {
    public static let type = "ari_window"

    public init() {}

    public init?(parameters: inout CheckParameters) {}

    public func judge(_ records: [EvidenceRecord], related: RelatedEvidence, at instant: Date) -> CheckVerdict {
        let certificates = records.filter { $0.kind == EvidenceKind.certificate }.map(CertificateFacts.init)
        guard let certificate = certificates.first(where: { !$0.isPrecertificate }) ?? certificates.first else {
            return CheckVerdict(
                status: .error,
                reason: "RenewalInfo for \(related.subject), but no certificate record: "
                    + "collect the certificate with x509")
        }
        if let reason = certificate.notApplicableReason { return .notApplicable(reason) }
        guard let names = certificate.names, let issued = certificate.issuance, let notAfter = certificate.notAfter else {
            return .notApplicable(
                "no name set collected for \(certificate.name) (collector \(certificate.record.collector)); "
                    + "ari_window needs certificates from x509")
        }
        let windows = related.history(of: EvidenceKind.ariWindow).compactMap(SuggestedWindow.init)
        guard let newest = windows.last else {
            return .notApplicable("no ARI RenewalInfo fetched for \(certificate.name) (does its CA offer ARI?)")
        }
        if let successor = successor(of: certificate, names: names, after: issued.at, in: related) {
            return judgeRenewal(certificate, notAfter: notAfter, successor: successor, windows: windows)
        }
        let nameList = names.sorted().joined(separator: ", ")
        if instant > notAfter {
            return CheckVerdict(
                status: .fail,
                reason: "\(certificate.name): expired \(Timestamp.format(notAfter)) without a successor for \(nameList); "
                    + "suggested window ended \(Timestamp.format(newest.end))"
            ).citing([newest.record])
        }
        if instant <= newest.end {
            return CheckVerdict(
                status: .pass,
                reason: "\(certificate.name): renewal not yet due, suggested window \(newest.text), window ends in "
                    + "\(newest.end.timeIntervalSince(instant).humanAge); no successor yet"
            ).citing([newest.record])
        }
        return CheckVerdict(
            status: .fail,
            reason: "\(certificate.name): suggested window \(newest.text) ended \(instant.timeIntervalSince(newest.end).humanAge) ago "
                + "without a successor for \(nameList) (expires \(Timestamp.format(notAfter)))"
        ).citing([newest.record])
    }

    private func judgeRenewal(
        _ certificate: CertificateFacts, notAfter: Date, successor: (facts: CertificateFacts, at: Date, basis: String),
        windows: [SuggestedWindow]
    ) -> CheckVerdict {
        let renewed = successor.at
        let fetchedBefore = windows.last { $0.record.observedAt <= renewed }
        let window = fetchedBefore ?? windows[0]
        var context = "\(certificate.name) renewed \(Timestamp.format(renewed)) (successor \(successor.facts.record.subject), time from its \(successor.basis))"
        if fetchedBefore == nil { context += "; no RenewalInfo fetched before the renewal, judged by the first" }
        let cited = [window.record, successor.facts.record]
        if renewed > notAfter {
            return CheckVerdict(status: .fail, reason: "\(context), after the certificate expired \(Timestamp.format(notAfter))")
                .citing(cited)
        }
        if renewed > window.end {
            return CheckVerdict(
                status: .fail,
                reason: "\(context), \(renewed.timeIntervalSince(window.end).humanAge) after the suggested window "
                    + "\(window.text) ended"
            ).citing(cited)
        }
        let early = renewed < window.start ? ", before it opened" : ""
        return CheckVerdict(status: .pass, reason: "\(context), within suggested window \(window.text)\(early)")
            .citing(cited)
    }

    /// The earliest certificate issued after `issued` for the same names, or replacing this one.
    private func successor(
        of certificate: CertificateFacts, names: Set<String>, after issued: Date, in related: RelatedEvidence
    ) -> (facts: CertificateFacts, at: Date, basis: String)? {
        let candidates = related.newestStates(of: EvidenceKind.certificate)
            .filter { $0.key != certificate.record.subject }
            .values.flatMap { $0 }.map(CertificateFacts.init)
            .filter { $0.notApplicableReason == nil }
            .filter { $0.names == names || ($0.replaces != nil && $0.replaces == certificate.ariCertificateID) }
            .compactMap { c in c.issuance.flatMap { $0.at > issued ? (c, $0.at, $0.basis) : nil } }
        return candidates.min { ($0.1, $0.0.record.subject) < ($1.1, $1.0.record.subject) }
    }
}

/// One RenewalInfo response as fetched: the `ari.window` record and its window.
struct SuggestedWindow {
    let record: EvidenceRecord
    let start: Date
    let end: Date

    init?(_ record: EvidenceRecord) {
        guard let window = try? ARIWindowEvidence(record: record) else { return nil }
        self.record = record
        start = window.start
        end = window.end
    }

    /// `2026-10-30T00:00:00Z–2026-11-01T00:00:00Z (fetched 2026-10-20T06:00:00Z)`.
    var text: String {
        "\(Timestamp.format(start))–\(Timestamp.format(end)) (fetched \(Timestamp.format(record.observedAt)))"
    }
}
