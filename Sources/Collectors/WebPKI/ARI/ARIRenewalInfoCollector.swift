import EvidenceModel
import Foundation

/// Reads an ACME RenewalInfo response body (RFC 9773 §4.2) as fetched: one `ari.window` record,
/// subject `cert:<ARI certificate ID>`, observed at the fetch time (`--observed-at`, else the run's).
///
/// ```json
/// {"suggestedWindow": {"start": "2026-11-08T00:00:00Z", "end": "2026-11-10T00:00:00Z"},
///  "explanationURL": "https://acme.example/incident"}
/// ```
/// The certificate ID comes from `--subject cert:<ID>`, else from the file name (`<ID>.json` or
/// `<ID>`), which is how a fetch script naturally saves `GET <renewalInfo>/<ID>`. Every fetch is kept:
/// windows move (a CA may pull one forward after an incident), and a renewal is judged by the
/// response fetched last before it. Data: `window_start`, `window_end`, `window_seconds`,
/// `explanation_url`. A window whose end is not after its start is rejected: RFC 9773 says a client
/// treats such a response as no response.
public struct ARIRenewalInfoCollector: EvidenceCollector {
    public let name = "ari"

    public init() {}

    public func records(from input: CollectorInput) throws(CollectionFailure) -> [EvidenceRecord] {
        let subject = try Self.subject(of: input)
        let body = try JSONDocuments.single(input, of: "renewalInfo response")
        let window = try body.required("suggestedWindow")
        let start = try window.required("start").timestamp()
        let endNode = try window.required("end")
        let end = try endNode.timestamp()
        guard end > start else {
            throw endNode.failure(
                "suggestedWindow end \(Timestamp.format(end)) is not after start \(Timestamp.format(start)); "
                    + "RFC 9773 §4.2: such a response is treated as no response")
        }
        let url = try body.optionalString("explanationURL")
        if let url {
            guard let parsed = URL(string: url), parsed.scheme != nil else {
                throw try body.required("explanationURL").failure("explanationURL '\(url)' is not an absolute URL")
            }
        }
        return [
            EvidenceRecord(
                kind: EvidenceKind.ariWindow, subject: subject, observedAt: input.observedAt, collector: name,
                origin: .observed, source: input.source, data: ARIWindowEvidence(start: start, end: end, explanationURL: url).data)
        ]
    }

    /// `cert:<ID>` from `--subject`, else from the file's name.
    static func subject(of input: CollectorInput) throws(CollectionFailure) -> String {
        if let given = input.subject {
            let id = given.hasPrefix("cert:") ? String(given.dropFirst(5)) : given
            guard ARICertificateID.isWellFormed(id) else {
                throw input.failure(at: "--subject", "'\(given)' is not cert:<ARI certificate ID> (base64url AKI.serial, RFC 9773 §4.1)")
            }
            return "cert:" + id
        }
        let stem = input.fileName.hasSuffix(".json") ? String(input.fileName.dropLast(5)) : input.fileName
        guard ARICertificateID.isWellFormed(stem) else {
            throw input.failure(
                at: "file name",
                "cannot tell the certificate: name the file <ARI certificate ID>.json "
                    + "or pass --subject cert:<ID>")
        }
        return "cert:" + stem
    }
}
