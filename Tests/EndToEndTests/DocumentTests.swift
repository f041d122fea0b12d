import EvidenceModel
import Foundation
import Testing
import VigilTestSupport

/// `vigil collect document` and `document_current` on the built binary: any file with its sidecar,
/// stored byte for byte; the sidecars of a folder are not taken for documents; a document without
/// sidecar, owner or approver is refused (exit 2) naming it.
struct DocumentTests {
    static let control = """
        - id: DOC-01
          title: Policies are reviewed yearly
          severity: medium
          frameworks: {nis2: ["21.2(a)"]}
          evidence: document
          check: {type: document_current, max_review_every: 365d}
        """

    static func sidecar(id: String, approvedAt: String, owner: String? = "owner@example.net") -> String {
        """
        id: \(id)
        title: \(id) policy
        \(owner.map { "owner: \($0)" } ?? "")
        approved_by: ciso@example.net
        approved_at: \(approvedAt)
        review_every: 365d
        """
    }

    static let pdf = Data("%PDF-1.7\n".utf8) + Data([0, 0xFF, 0xFE, 0x80, 0x0A]) + Data("%%EOF\n".utf8)

    private func prepared() throws -> Scratch {
        let scratch = try Scratch()
        try scratch.write("Controls/documents.yaml", Self.control)
        try scratch.write("docs/current.pdf", Self.pdf)
        try scratch.write("docs/current.pdf.yaml", Self.sidecar(id: "CUR-1", approvedAt: "2026-06-01"))
        try scratch.write("docs/overdue.md", "# Overdue plan\n")
        try scratch.write("docs/overdue.md.yaml", Self.sidecar(id: "OLD-1", approvedAt: "2025-10-20"))
        #expect(try scratch.vigil(["init", "--controls", "none"]).status == 0)
        return scratch
    }

    @Test func aFolderOfDocumentsIsCollectedAndJudgedByItsReviewCycle() throws {
        let scratch = try prepared()
        let run = try scratch.vigil(["collect", "document", "docs", "--observed-at", "2026-11-28T06:00:00Z"])
        #expect(run.status == 0, "\(run.stderr)")
        let list = try scratch.vigil(["evidence", "list", "--kind", "document"])
        let subjects = list.stdout.split(separator: "\n").compactMap { try? JSONValue.parse(Data($0.utf8))["subject"]?.stringValue }
        #expect(subjects.sorted() == ["document:CUR-1", "document:OLD-1"], "sidecars are not documents: \(list.stdout)")
        // The binary file is the raw input, byte for byte.
        let store = scratch.url.appendingPathComponent(".vigil/store").path
        let stored = try runProcess(
            "/bin/sh", ["-c", "git --git-dir '\(store)' cat-file blob HEAD:raw/\(SHA256Hex.of(Self.pdf)) | sha256sum"])
        #expect(stored.output.hasPrefix(SHA256Hex.of(Self.pdf)), "\(stored.output)")

        let check = try scratch.vigil(["check", "--at", "2026-11-29T12:00:00Z", "--format", "json"])
        #expect(check.status == 1)
        let results = try JSONValue.parse(Data(check.stdout.utf8))["controls"]?.arrayValue?.first?["results"]?.arrayValue ?? []
        let bySubject = Dictionary(uniqueKeysWithValues: results.map { ($0["subject"]?.stringValue ?? "", $0) })
        #expect(bySubject["document:CUR-1"]?["status"] == "pass")
        #expect(bySubject["document:CUR-1"]?["reason"]?.stringValue?.contains("review due 2027-06-01, 184 days left") == true)
        #expect(bySubject["document:OLD-1"]?["status"] == "fail")
        #expect(bySubject["document:OLD-1"]?["reason"]?.stringValue?.contains("review overdue by 41 days") == true)
    }

    @Test func aDocumentWithoutSidecarOrOwnerIsRefusedNamingIt() throws {
        let scratch = try prepared()
        try scratch.write("lonely.pdf", Self.pdf)
        let lonely = try scratch.vigil(["collect", "document", "lonely.pdf"])
        #expect(lonely.status == 2)
        #expect(lonely.stderr.contains("lonely.pdf: has no sidecar lonely.pdf.yaml beside it (id, title, owner"), "\(lonely.stderr)")
        try scratch.write("unowned.pdf", Self.pdf)
        try scratch.write("unowned.pdf.yaml", Self.sidecar(id: "U-1", approvedAt: "2026-01-01", owner: nil))
        let unowned = try scratch.vigil(["collect", "document", "unowned.pdf"])
        #expect(unowned.status == 2)
        #expect(unowned.stderr.contains("unowned.pdf: unowned.pdf.yaml $: missing required field 'owner'"), "\(unowned.stderr)")
        #expect(try scratch.vigil(["evidence", "list"]).stdout.isEmpty, "nothing of a refused document is stored")
    }
}
