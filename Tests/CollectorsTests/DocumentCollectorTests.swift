import EvidenceModel
import Foundation
import Testing

@testable import Collectors

/// A document and its sidecar: one declared `document` record about `document:<id>`, the file's
/// bytes (text or not) as the raw input; an unowned, unapproved or undescribed document is refused.
struct DocumentCollectorTests {
    let collector = DocumentCollector()

    static let sidecar = """
        # who owns it, who approved it, how often it is reviewed
        id: ISP-1
        title: Information Security Policy
        owner: head-of-security@example.net
        approved_by: ciso@example.net
        approved_at: 2026-02-16
        review_every: 365d
        """

    /// A PDF's first bytes: binary, with a NUL, as real documents are.
    static let pdf = Data("%PDF-1.7\n%\u{E2}\u{E3}\n1 0 obj\n".utf8) + Data([0, 0xFF, 0xFE, 0x00, 0x42])

    private func input(
        _ bytes: Data = Self.pdf, sidecar: String? = Self.sidecar, observedAt: Date = CollectorHarness.observedAt
    )
        -> CollectorInput
    {
        CollectorInput(
            fileName: "policy.pdf", bytes: bytes, subject: "host:ignored", observedAt: observedAt,
            sidecar: sidecar.map { SidecarFile(name: "policy.pdf.yaml", bytes: Data($0.utf8)) })
    }

    private func failure(_ input: CollectorInput) -> CollectionFailure? {
        do {
            _ = try collector.records(from: input)
            Issue.record("expected a CollectionFailure")
            return nil
        } catch { return error }
    }

    @Test func aDocumentIsOneDeclaredRecordCarryingItsSidecarAndItsFile() throws {
        let input = input()
        let records = try collector.records(from: input)
        let record = try #require(records.first)
        #expect(records.count == 1)
        #expect(record.kind == "document" && record.subject == "document:ISP-1" && record.origin == .declared)
        #expect(record.source == EvidenceSource(name: "policy.pdf", sha256: SHA256Hex.of(Self.pdf)))
        let expected: [String: JSONValue] = [
            "id": "ISP-1", "title": "Information Security Policy", "owner": "head-of-security@example.net",
            "approved_by": "ciso@example.net", "approved_at": "2026-02-16T00:00:00Z", "review_every": "365d",
            "file": ["name": "policy.pdf", "size": .number(Double(Self.pdf.count)), "sha256": .string(SHA256Hex.of(Self.pdf))],
        ]
        #expect(record.data == expected)
        let read = try DocumentEvidence(record: record)
        #expect(read.reviewDue == Timestamp.parse("2027-02-16T00:00:00Z"))
        #expect(read.data == record.data, "written and read through one model")
    }

    @Test func whatASidecarLacksOrGetsWrongIsNamedInIt() {
        let cases: [(sidecar: String, location: String, reason: String)] = [
            (Self.sidecar.replacingOccurrences(of: "owner: head-of-security@example.net\n", with: ""), "$", "missing required field 'owner'"),
            (Self.sidecar.replacingOccurrences(of: "approved_by: ciso@example.net", with: "approved_by: ''"), "$.approved_by", "must not be empty"),
            (Self.sidecar + "\nreviewer: bob", "$.reviewer", "unknown field 'reviewer' (known: id, title, owner, approved_by, approved_at, review_every)"),
            (Self.sidecar.replacingOccurrences(of: "365d", with: "yearly"), "$.review_every", "'yearly' is not a positive duration (e.g. 365d, 52w)"),
            (Self.sidecar.replacingOccurrences(of: "365d", with: "0d"), "$.review_every", "'0d' is not a positive duration (e.g. 365d, 52w)"),
            (
                Self.sidecar.replacingOccurrences(of: "2026-02-16", with: "2026-12-01"), "$.approved_at",
                "2026-12-01T00:00:00Z is after the collection (2026-11-20T06:00:00Z)"
            ),
            (Self.sidecar.replacingOccurrences(of: "ISP-1", with: "\"a\\u0007b\""), "$.id", "subject"),
            ("- a list", "$", "expected a mapping, found list"),
        ]
        for (sidecar, location, reason) in cases {
            let failure = failure(input(sidecar: sidecar))
            #expect(failure?.file == "policy.pdf.yaml", "\(sidecar)")
            #expect(failure?.location == location, "\(String(describing: failure))")
            #expect(failure?.reason.contains(reason) == true, "\(String(describing: failure))")
        }
    }

    @Test func aDocumentWithoutSidecarOrContentIsRefused() {
        let missing = failure(input(sidecar: nil))
        #expect(missing?.file == "policy.pdf" && missing?.location == "file")
        #expect(missing?.reason == "has no sidecar policy.pdf.yaml beside it (id, title, owner, approved_by, approved_at, review_every)")
        let empty = failure(input(Data()))
        #expect(empty?.file == "policy.pdf" && empty?.reason == "empty file: a document has content")
    }
}
