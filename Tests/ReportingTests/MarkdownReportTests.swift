import EvidenceModel
import Testing
import VigilTestSupport

@testable import Reporting

struct MarkdownReportTests {
    static let markdown = MarkdownReport.render(Fixtures.audited)

    /// The whole report. A change here is a change readers see: review it, then update the literal.
    static let snapshot = #"""
        # Vigil report

        As of 2026-11-29T00:00:00Z · checkpoint `vigil.example.net/log` at size 42, root hash `n5sOQxH5yq7c0hSMv9QZ0eTNqV6cmCz0ZqLFtR5c3hM=`

        Coverage: 9 of 10 results evaluated (1 missing)

        ## Summary

        | Status | Controls |
        | --- | ---: |
        | ‼ error | 1 |
        | ✗ fail | 1 |
        | ? missing | 1 |
        | ! stale | 1 |
        | ~ accepted | 1 |
        | ✓ pass | 2 |
        | - not applicable | 1 |
        | **total** | **8** |

        ## Controls

        ### ‼ ERROR · FW-01 — Firmware has no known vulnerability

        Severity **high** · could not be evaluated · soc2 CC7.1

        > **Error:** advisories file Controls/osv.json: no such file

        ### ✗ FAIL · KM-01 — Customer-managed keys rotate at least every 90 days

        Severity **high** · 1 failing, 1 not applicable of 3 · iso27001-2022 A.8.24; soc2 CC6.1 · freshness 7d

        | Subject | Status | Reason | Evidence |
        | --- | --- | --- | --- |
        | key:payments | ✗ fail | last rotation 212 days ago (max 90d) | `e2` `e3` |
        | key:billing | ✓ pass | rotated 12 days ago (max 90d) | `e1` |
        | key:hsm-root | - not applicable | the platform cannot rotate HSM-backed keys | `e4` |

        ### ? MISSING · MP-01 — Domain validation meets the MPIC quorum

        Severity **critical** · 1 missing of 1

        | Subject | Status | Reason | Evidence |
        | --- | --- | --- | --- |
        | domain:shop.example.net | ? missing | in the scope of this control but no validation result was collected within the 90d window; the last one seen is older than the window or was never sent by the CA's pipeline | — |

        ### ! STALE · AS-01 — Asset inventory is current

        Severity **medium** · 1 stale of 1 · freshness 7d

        | Subject | Status | Reason | Evidence |
        | --- | --- | --- | --- |
        | host:db-1 | ! stale | newest evidence is 9 days old (freshness 7d) | `e8` |

        ### ~ ACCEPTED · FW-02 — Firmware is updatable

        Severity **medium** · 1 accepted of 2 · nis2 21.2(e)

        | Subject | Status | Reason | Evidence |
        | --- | --- | --- | --- |
        | host:lab-3 | ~ accepted | 1 of 3 devices lacks the updatable flag (TPM 2.0) (accepted by RA-7) | `e6` |
        | host:web-01 | ✓ pass | all 4 devices updatable | `e5` |

        ### ✓ PASS · CA-02 — Domains have certificates from two CAs

        Severity **low** · 1 passing · soc2 A1.2

        | Subject | Status | Reason | Evidence |
        | --- | --- | --- | --- |
        | domain:example.net | ✓ pass | 2 issuers within 90d (min 2) | — |

        ### ✓ PASS · CT-01 — Certificates carry SCTs from two distinct logs

        Severity **low** · 1 passing

        | Subject | Status | Reason | Evidence |
        | --- | --- | --- | --- |
        | cert:www | ✓ pass | 3 SCTs from 3 logs (min 2) | `e7` |

        ### - N/A · PQ-01 — Clés prêtes pour l'après-quantique

        Severity **low** · 1 not applicable of 1

        | Subject | Status | Reason | Evidence |
        | --- | --- | --- | --- |
        | key:legacy | - not applicable | symmetric key | — |

        ## Scope gaps

        3 gaps, 2 flagged.

        | Subject | Gap | Control | Reason | Flagged |
        | --- | --- | --- | --- | --- |
        | host:lab-9 | uncovered | — | no control's scope includes it | yes |
        | host:old-2 | excluded | — | decommissioned; approved by ciso@example.net | no |
        | key:db-2 | no evidence | KM-01 | in scope, never any evidence | yes |

        ## Risk acceptances

        2 acceptances, 1 stale.

        | Id | Control | Subjects | Status | Extensions | Expires | Detail |
        | --- | --- | --- | --- | ---: | --- | --- |
        | RA-3 | KM-01 | key:payments, key:orders | stale (over\_extended, expired) | 3 | 2026-07-10T00:00:00Z | 3 extensions \> max 2; expired 2026-07-10 |
        | RA-7 | FW-02 | host:lab-3 | active | 1 | 2026-12-31T00:00:00Z | 1 extension (max 2); expires in 32 days |

        """#

    @Test func reportMatchesTheSnapshot() {
        Snapshot.expect(Self.markdown, equals: Self.snapshot, "report.md")
    }

    @Test func controlsComeWorstFirstEachWithItsSubjectTable() throws {
        let headings = Self.markdown.split(separator: "\n").filter { $0.hasPrefix("### ") }
        #expect(headings.count == Fixtures.controls.count)
        #expect(headings.first?.contains("ERROR · FW-01") == true)
        #expect(headings.last?.contains("N/A · PQ-01") == true)
        #expect(Self.markdown.contains("| key:payments | ✗ fail | last rotation 212 days ago (max 90d) | `e2` `e3` |"))
    }

    @Test func tableCellsCannotBeBrokenByTheTextInThem() {
        let run = RunResult(
            asOf: Fixtures.date("2026-11-29T00:00:00Z"), checkpoint: nil,
            controls: [
                ControlResult(
                    id: "X-1", title: "Pipes | and *stars*", severity: .low, frameworks: [:],
                    results: [SubjectResult(subject: "host:a|b", status: .fail, reason: "two\nlines <b>bold</b>", evidence: ["id`1"])])
            ],
            scopeGaps: [], acceptances: [])
        let markdown = MarkdownReport.render(run)
        #expect(markdown.contains(#"### ✗ FAIL · X-1 — Pipes \| and \*stars\*"#))
        #expect(markdown.contains(#"| host:a\|b | ✗ fail | two\\nlines \<b\>bold\</b\> | `id'1` |"#))
    }

    @Test func sectionsWithoutContentAreLeftOut() {
        let markdown = MarkdownReport.render(Fixtures.bare)
        #expect(!markdown.contains("## Scope gaps"))
        #expect(!markdown.contains("## Risk acceptances"))
        #expect(markdown.contains("no checkpoint"))
        #expect(!MarkdownReport.render(Fixtures.empty).contains("## Controls"))
    }
}
