import EvidenceModel
import Testing

@testable import Reporting

struct TextReportTests {
    static let plain = TextReport.render(Fixtures.run, useColor: false)
    static let coloured = TextReport.render(Fixtures.run, useColor: true)

    /// The whole plain report. A change here is a change users see: review it, then update the literal.
    static let snapshot = """
        Vigil report as of 2026-11-29T00:00:00Z · checkpoint vigil.example.net/log at size 42
        8 controls: 1 error, 1 fail, 1 missing, 1 stale, 1 accepted, 2 pass, 1 not applicable
        Coverage: 9 of 10 results evaluated (1 missing)

        ‼ ERROR     FW-01  Firmware has no known vulnerability (high)  could not be evaluated
            ‼ advisories file Controls/osv.json: no such file
        ✗ FAIL      KM-01  Customer-managed keys rotate at least every 90 days (high)  1 failing, 1 not
                           applicable of 3
            ✗ key:payments  last rotation 212 days ago (max 90d)
            - key:hsm-root  the platform cannot rotate HSM-backed keys
        ? MISSING   MP-01  Domain validation meets the MPIC quorum (critical)  1 missing of 1
            ? domain:shop.example.net  in the scope of this control but no validation result was collected
                within the 90d window; the last one seen is older than the window or was never sent by the
                CA's pipeline
        ! STALE     AS-01  Asset inventory is current (medium)  1 stale of 1
            ! host:db-1  newest evidence is 9 days old (freshness 7d)
        ~ ACCEPTED  FW-02  Firmware is updatable (medium)  1 accepted of 2
            ~ host:lab-3  1 of 3 devices lacks the updatable flag (TPM 2.0) (accepted by RA-7)
        ✓ PASS      CA-02  Domains have certificates from two CAs (low)  1 passing
        ✓ PASS      CT-01  Certificates carry SCTs from two distinct logs (low)  1 passing
        - N/A       PQ-01  Clés prêtes pour l'après-quantique (low)  1 not applicable of 1
            - key:legacy  symmetric key

        Scope gaps (3, 2 flagged)
          ! uncovered    host:lab-9  no control's scope includes it
          - excluded     host:old-2  decommissioned; approved by ciso@example.net (not flagged)
          ! no evidence  key:db-2  in scope, never any evidence (control KM-01)

        Risk acceptances (2, 1 stale)
          ! RA-3  stale (over_extended, expired) · KM-01 on key:payments, key:orders · 3 extensions ·
              expires 2026-07-10T00:00:00Z
              3 extensions > max 2; expired 2026-07-10
          ✓ RA-7  active · FW-02 on host:lab-3 · 1 extension · expires 2026-12-31T00:00:00Z

        """

    @Test func plainReportMatchesTheSnapshot() {
        #expect(Self.plain == Self.snapshot)
    }

    @Test func plainReportHasNoEscapeBytes() {
        #expect(!Self.plain.unicodeScalars.contains("\u{1B}"))
        #expect(!TextReport.render(Fixtures.bare, useColor: false).unicodeScalars.contains("\u{1B}"))
    }

    @Test(arguments: [
        (Status.fail, "31"), (.error, "31"), (.stale, "33"), (.missing, "33"), (.accepted, "36"), (.pass, "32"),
        (.notApplicable, "2"),
    ])
    func colourWrapsEachStatusWordInItsSGRCodeAndResets(status: Status, code: String) {
        #expect(Self.coloured.contains("\u{1B}[\(code)m\(status.symbol) \(status.label)\u{1B}[0m"))
    }

    @Test func colourChangesNothingButTheEscapes() {
        let stripped = Self.coloured.replacing(#/\x{1B}\[[0-9]+m/#, with: "")
        #expect(stripped == Self.plain)
    }

    @Test func everyStatusHasItsOwnSymbolAndLabel() {
        #expect(Set(Status.allCases.map(\.symbol)).count == Status.allCases.count)
        #expect(Set(Status.allCases.map(\.label)).count == Status.allCases.count)
        #expect(Status.notApplicable.symbol == "-" && Status.error.symbol == "‼")
    }

    @Test func controlsAreListedWorstFirstThenById() {
        let ids = Self.plain.split(separator: "\n").compactMap { line -> String? in
            Fixtures.controls.map(\.id).first { line.contains("  \($0)  ") && !line.hasPrefix(" ") }
        }
        #expect(ids == ["FW-01", "KM-01", "MP-01", "AS-01", "FW-02", "CA-02", "CT-01", "PQ-01"])
    }

    @Test func controlLineTalliesItsSubjectsByStatusInTheSharedWords() {
        #expect(
            Self.plain.contains(
                "✗ FAIL      KM-01  Customer-managed keys rotate at least every 90 days (high)  1 failing, 1 not\n"
                    + "                   applicable of 3"))
        #expect(Self.plain.contains("(low)  1 passing"))
        #expect(Self.plain.contains("‼ ERROR     FW-01  Firmware has no known vulnerability (high)  could not be evaluated"))
    }

    @Test func nonPassingSubjectsAreListedWithTheirReasonAndPassingOnesAreNot() {
        #expect(Self.plain.contains("    ✗ key:payments  last rotation 212 days ago (max 90d)\n"))
        #expect(Self.plain.contains("    - key:hsm-root  the platform cannot rotate HSM-backed keys\n"))
        #expect(!Self.plain.contains("key:billing"))
        #expect(!Self.plain.contains("cert:www"))
    }

    @Test func acceptedSubjectNamesItsAcceptance() {
        #expect(Self.plain.contains("    ~ host:lab-3  1 of 3 devices lacks the updatable flag (TPM 2.0) (accepted by RA-7)"))
    }

    @Test func controlErrorIsShownUnderItsControl() {
        #expect(Self.plain.contains("could not be evaluated\n    ‼ advisories file Controls/osv.json: no such file\n"))
    }

    @Test func longReasonsWrapOntoIndentedLinesWithinOneHundredColumns() throws {
        let lines = Self.plain.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.allSatisfy { $0.count <= TerminalText.width })
        let start = try #require(lines.firstIndex { $0.hasPrefix("    ? domain:shop.example.net  in the scope") })
        #expect(lines[start + 1] == "        within the 90d window; the last one seen is older than the window or was never sent by the")
        #expect(lines[start + 2] == "        CA's pipeline")
    }

    @Test func headerNamesTheInstantAndTheCheckpoint() {
        #expect(Self.plain.hasPrefix("Vigil report as of 2026-11-29T00:00:00Z · checkpoint vigil.example.net/log at size 42\n"))
        #expect(
            TextReport.render(Fixtures.bare, useColor: false).hasPrefix(
                "Vigil report as of 2026-11-29T12:30:00.250Z · no checkpoint\n"))
    }

    @Test func summaryCountsOnlyTheStatusesThatOccurWorstFirst() {
        #expect(
            Self.plain.contains(
                "\n8 controls: 1 error, 1 fail, 1 missing, 1 stale, 1 accepted, 2 pass, 1 not applicable\n"))
        #expect(
            TextReport.render(Fixtures.empty, useColor: false) == """
                Vigil report as of 2026-11-29T00:00:00Z · no checkpoint
                No controls were evaluated.

                """)
    }

    @Test func emptySectionsAreOmitted() {
        let bare = TextReport.render(Fixtures.bare, useColor: false)
        #expect(!bare.contains("Scope gaps"))
        #expect(!bare.contains("Risk acceptances"))
        #expect(Self.plain.contains("\nScope gaps (3, 2 flagged)\n"))
        #expect(Self.plain.contains("\nRisk acceptances (2, 1 stale)\n"))
    }

    @Test func staleAcceptancesComeFirstWithTheirReasonsAndDetail() {
        #expect(
            Self.plain.hasSuffix(
                """
                Risk acceptances (2, 1 stale)
                  ! RA-3  stale (over_extended, expired) · KM-01 on key:payments, key:orders · 3 extensions ·
                      expires 2026-07-10T00:00:00Z
                      3 extensions > max 2; expired 2026-07-10
                  ✓ RA-7  active · FW-02 on host:lab-3 · 1 extension · expires 2026-12-31T00:00:00Z

                """))
        #expect(!Self.plain.contains("expires in 32 days"))  // an active acceptance needs no detail
    }

    @Test func unflaggedScopeGapsSaySo() {
        #expect(Self.plain.contains("  - excluded     host:old-2  decommissioned; approved by ciso@example.net (not flagged)"))
        #expect(Self.plain.contains("  ! no evidence  key:db-2  in scope, never any evidence (control KM-01)"))
    }

    @Test func renderingTwiceGivesTheSameText() {
        #expect(TextReport.render(Fixtures.run, useColor: true) == Self.coloured)
    }
}
