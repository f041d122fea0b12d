import EvidenceModel
import Foundation
import Testing
import VigilTestSupport

@testable import Reporting

struct HTMLReportTests {
    static let html = HTMLReport.render(Fixtures.audited)

    /// The whole page. A change here is a change readers see: review it (open the file the failure
    /// names in a browser), then update the literal.
    static let snapshot = #"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Vigil report as of 2026-11-29T00:00:00Z</title>
        <style>
        body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2330; margin: 0; background: #f6f7f9; }
        main { max-width: 1100px; margin: 0 auto; padding: 24px; }
        h1 { font-size: 24px; margin: 0 0 4px; }
        h2 { font-size: 18px; margin: 32px 0 8px; border-bottom: 1px solid #d8dce3; padding-bottom: 4px; }
        .muted { color: #5d6675; }
        .cards { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 16px; }
        .card { background: #fff; border: 1px solid #d8dce3; border-left-width: 6px; border-radius: 6px; padding: 8px 14px; min-width: 96px; }
        .card b { display: block; font-size: 22px; }
        table { border-collapse: collapse; width: 100%; background: #fff; }
        th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid #e5e8ee; vertical-align: top; }
        th { background: #eef0f4; font-weight: 600; }
        td.num, th.num { text-align: right; white-space: nowrap; }
        code { font: 12px ui-monospace, monospace; overflow-wrap: anywhere; }
        .status { font-weight: 600; white-space: nowrap; }
        .s-pass { color: #1a7f37; border-left-color: #1a7f37; }
        .s-fail, .s-error { color: #c62828; border-left-color: #c62828; }
        .s-stale, .s-missing { color: #9a6700; border-left-color: #bf8700; }
        .s-accepted { color: #0969a0; border-left-color: #0969a0; }
        .s-not_applicable { color: #6e7781; border-left-color: #afb8c1; }
        .bar { background: #e5e8ee; border-radius: 4px; height: 10px; width: 160px; display: inline-block; vertical-align: middle; }
        .bar span { display: block; height: 100%; border-radius: 4px; background: #1a7f37; }
        .chart { width: 100%; max-width: 720px; height: auto; background: #fff; border: 1px solid #d8dce3; border-radius: 6px; }
        .chart .grid { stroke: #e5e8ee; stroke-width: 1; }
        .chart .axis { fill: #5d6675; font-size: 11px; }
        .chart .trend { fill: none; stroke: #0969a0; stroke-width: 2; }
        .chart .point { fill: #0969a0; }
        ul.subjects { margin: 4px 0 0; padding-left: 18px; }
        </style>
        </head>
        <body>
        <main>
        <h1>Vigil report as of 2026-11-29T00:00:00Z</h1>
        <p class="muted">Checkpoint vigil.example.net/log at size 42, root hash n5sOQxH5yq7c0hSMv9QZ0eTNqV6cmCz0ZqLFtR5c3hM=</p>
        <p class="coverage">Coverage: 9 of 10 results evaluated (1 missing)</p>
        <h2>Summary</h2>
        <p>8 controls evaluated, 43% of the applicable ones compliant.</p>
        <div class="cards">
        <div class="card s-error"><b>1</b>error</div>
        <div class="card s-fail"><b>1</b>fail</div>
        <div class="card s-missing"><b>1</b>missing</div>
        <div class="card s-stale"><b>1</b>stale</div>
        <div class="card s-accepted"><b>1</b>accepted</div>
        <div class="card s-pass"><b>2</b>pass</div>
        <div class="card s-not_applicable"><b>1</b>not applicable</div>
        </div>
        <h2>Compliance over time</h2>
        <p class="muted">Share of applicable controls passing or accepted at 3 evaluated instants: the store's commits up to this report's instant, and the instant itself.</p>
        <svg class="chart" viewBox="0 0 720 220" role="img" aria-label="Compliance over time, 3 evaluations">
        <line class="grid" x1="48" y1="184" x2="704" y2="184"/>
        <text class="axis" x="42" y="188" text-anchor="end">0%</text>
        <line class="grid" x1="48" y1="100" x2="704" y2="100"/>
        <text class="axis" x="42" y="104" text-anchor="end">50%</text>
        <line class="grid" x1="48" y1="16" x2="704" y2="16"/>
        <text class="axis" x="42" y="20" text-anchor="end">100%</text>
        <text class="axis" x="48" y="204" text-anchor="start">2026-11-01</text>
        <text class="axis" x="704" y="204" text-anchor="end">2026-11-29</text>
        <polyline class="trend" points="48,116.8 376,72 704,112"/>
        <circle class="point" cx="48" cy="116.8" r="4"><title>2026-11-01T00:00:00Z: 2 of 5 controls compliant (40%)</title></circle>
        <circle class="point" cx="376" cy="72" r="4"><title>2026-11-15T00:00:00Z: 4 of 6 controls compliant (67%)</title></circle>
        <circle class="point" cx="704" cy="112" r="4"><title>2026-11-29T00:00:00Z: 3 of 7 controls compliant (43%)</title></circle>
        </svg>
        <h2>Framework coverage</h2>
        <table>
        <tr><th>Framework</th><th class="num">Controls passing</th><th></th><th>Requirements not met</th></tr>
        <tr><td>iso27001-2022</td><td class="num">0/1</td><td><span class="bar"><span style="width: 0%"></span></span></td><td>A.8.24</td></tr>
        <tr><td>nis2</td><td class="num">1/1</td><td><span class="bar"><span style="width: 100%"></span></span></td><td>—</td></tr>
        <tr><td>soc2</td><td class="num">1/3</td><td><span class="bar"><span style="width: 33%"></span></span></td><td>CC6.1, CC7.1</td></tr>
        </table>
        <h2>Failing controls</h2>
        <table>
        <tr><th>Status</th><th>Control</th><th>Severity</th><th>Subjects</th></tr>
        <tr><td class="status s-error">ERROR</td><td><b>FW-01</b> Firmware has no known vulnerability</td><td>high</td><td>could not be evaluated<ul class="subjects"><li>advisories file Controls/osv.json: no such file</li></ul></td></tr>
        <tr><td class="status s-fail">FAIL</td><td><b>KM-01</b> Customer-managed keys rotate at least every 90 days</td><td>high</td><td>1 failing, 1 not applicable of 3<ul class="subjects"><li><span class="status s-fail">fail</span> <code>key:payments</code> — last rotation 212 days ago (max 90d)</li><li><span class="status s-not_applicable">not applicable</span> <code>key:hsm-root</code> — the platform cannot rotate HSM-backed keys</li></ul></td></tr>
        <tr><td class="status s-missing">MISSING</td><td><b>MP-01</b> Domain validation meets the MPIC quorum</td><td>critical</td><td>1 missing of 1<ul class="subjects"><li><span class="status s-missing">missing</span> <code>domain:shop.example.net</code> — in the scope of this control but no validation result was collected within the 90d window; the last one seen is older than the window or was never sent by the CA&#39;s pipeline</li></ul></td></tr>
        <tr><td class="status s-stale">STALE</td><td><b>AS-01</b> Asset inventory is current</td><td>medium</td><td>1 stale of 1<ul class="subjects"><li><span class="status s-stale">stale</span> <code>host:db-1</code> — newest evidence is 9 days old (freshness 7d)</li></ul></td></tr>
        </table>
        <h2>Scope gaps</h2>
        <p>3 gaps, 2 flagged.</p>
        <table>
        <tr><th>Subject</th><th>Gap</th><th>Control</th><th>Reason</th><th>Flagged</th></tr>
        <tr><td><code>host:lab-9</code></td><td>uncovered</td><td>—</td><td>no control&#39;s scope includes it</td><td>yes</td></tr>
        <tr><td><code>host:old-2</code></td><td>excluded</td><td>—</td><td>decommissioned; approved by ciso@example.net</td><td>no</td></tr>
        <tr><td><code>key:db-2</code></td><td>no evidence</td><td>KM-01</td><td>in scope, never any evidence</td><td>yes</td></tr>
        </table>
        <h2>Stale risk acceptances</h2>
        <p>1 of 2 acceptances stale.</p>
        <table>
        <tr><th>Id</th><th>Control</th><th>Subjects</th><th>Why stale</th><th class="num">Extensions</th><th>Expires</th></tr>
        <tr><td><b>RA-3</b></td><td>KM-01</td><td>key:payments, key:orders</td><td>over_extended, expired<br><span class="muted">3 extensions &gt; max 2; expired 2026-07-10</span></td><td class="num">3</td><td>2026-07-10T00:00:00Z</td></tr>
        </table>
        <h2>All controls</h2>
        <table>
        <tr><th>Status</th><th>Control</th><th>Severity</th><th>Subjects</th></tr>
        <tr><td class="status s-error">ERROR</td><td><b>FW-01</b> Firmware has no known vulnerability</td><td>high</td><td>could not be evaluated</td></tr>
        <tr><td class="status s-fail">FAIL</td><td><b>KM-01</b> Customer-managed keys rotate at least every 90 days</td><td>high</td><td>1 failing, 1 not applicable of 3</td></tr>
        <tr><td class="status s-missing">MISSING</td><td><b>MP-01</b> Domain validation meets the MPIC quorum</td><td>critical</td><td>1 missing of 1</td></tr>
        <tr><td class="status s-stale">STALE</td><td><b>AS-01</b> Asset inventory is current</td><td>medium</td><td>1 stale of 1</td></tr>
        <tr><td class="status s-accepted">ACCEPTED</td><td><b>FW-02</b> Firmware is updatable</td><td>medium</td><td>1 accepted of 2</td></tr>
        <tr><td class="status s-pass">PASS</td><td><b>CA-02</b> Domains have certificates from two CAs</td><td>low</td><td>1 passing</td></tr>
        <tr><td class="status s-pass">PASS</td><td><b>CT-01</b> Certificates carry SCTs from two distinct logs</td><td>low</td><td>1 passing</td></tr>
        <tr><td class="status s-not_applicable">N/A</td><td><b>PQ-01</b> Clés prêtes pour l&#39;après-quantique</td><td>low</td><td>1 not applicable of 1</td></tr>
        </table>
        </main>
        </body>
        </html>

        """#

    @Test func pageMatchesTheSnapshot() {
        Snapshot.expect(Self.html, equals: Self.snapshot, "report.html")
    }

    @Test func pageLoadsNothingFromTheNetwork() {
        for page in [Self.html, HTMLReport.render(Fixtures.run), HTMLReport.render(Fixtures.empty)] {
            for forbidden in ["http://", "https://", "<script", "<link", "<img", "src=", "@import", "url(", "<iframe"] {
                #expect(!page.lowercased().contains(forbidden), "\(forbidden)")
            }
            #expect(page.contains("<style>"))
        }
    }

    @Test func textFromTheEvidenceIsEscapedNotMarkup() {
        let run = RunResult(
            asOf: Fixtures.date("2026-11-29T00:00:00Z"), checkpoint: nil,
            controls: [
                ControlResult(
                    id: "X-1", title: "<script>alert(1)</script>", severity: .low, frameworks: ["soc2": ["<b>"]],
                    results: [SubjectResult(subject: "host:\"a\"", status: .fail, reason: "see https://evil.example/x.js & more")])
            ],
            scopeGaps: [], acceptances: [])
        let page = HTMLReport.render(run)
        #expect(!page.contains("<script"))
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(page.contains("<code>host:&quot;a&quot;</code> — see https://evil.example/x.js &amp; more"))
        #expect(!page.contains("src="), "a URL in the evidence is text, never a resource")
    }

    @Test func frameworkCoverageCountsCompliantOfApplicableControls() {
        let coverage = FrameworkCompliance.of(Fixtures.audited.controls)
        #expect(coverage.map(\.framework) == ["iso27001-2022", "nis2", "soc2"])
        // soc2: KM-01 fails, FW-01 errs, CA-02 passes. nis2: FW-02 is accepted, which counts as compliant.
        #expect(
            coverage.first { $0.framework == "soc2" }
                == FrameworkCompliance(
                    framework: "soc2", compliant: 1, applicable: 3, failingRequirements: ["CC6.1", "CC7.1"]))
        #expect(coverage.first { $0.framework == "nis2" }?.compliant == 1)
        #expect(Self.html.contains("<tr><td>soc2</td><td class=\"num\">1/3</td>"))
    }

    @Test func chartPlotsTheHistoryAndEndsAtThisRun() {
        let circles = Self.html.components(separatedBy: "<circle").count - 1
        // Three snapshots in the history, one of which has no applicable control, plus this run.
        #expect(circles == 3)
        #expect(Self.html.contains("<polyline class=\"trend\""))
        #expect(Self.html.contains("<title>2026-11-29T00:00:00Z: 3 of 7 controls compliant (43%)</title>"))
        #expect(Self.html.contains("<title>2026-11-01T00:00:00Z: 2 of 5 controls compliant (40%)</title>"))
    }

    @Test func withoutHistoryTheChartIsThisRunAlone() {
        let page = HTMLReport.render(Fixtures.run)
        #expect(page.components(separatedBy: "<circle").count - 1 == 1)
        #expect(!page.contains("<polyline"))
        #expect(HTMLReport.render(Fixtures.empty).contains("No evaluated instant has an applicable control"))
    }

    @Test func chartPositionsPointsByTimeAndShare() {
        let chart = ComplianceChart([
            ComplianceSnapshot(at: Fixtures.date("2026-11-01T00:00:00Z"), counts: [.pass: 1, .fail: 1]),
            ComplianceSnapshot(at: Fixtures.date("2026-11-03T00:00:00Z"), counts: [.pass: 2]),
            ComplianceSnapshot(at: Fixtures.date("2026-11-02T00:00:00Z"), counts: [.fail: 2]),
        ])
        // Sorted by time; x spans the plot (48…704), y maps 100% to the top (16) and 0% to the bottom (184).
        #expect(chart.svg().contains("points=\"48,100 376,184 704,16\""))
    }

    @Test func staleAcceptancesAndScopeGapsAreListed() {
        let stale = Self.html.components(separatedBy: "<h2>Stale risk acceptances</h2>").last ?? ""
        #expect(stale.contains("<b>RA-3</b>") && !stale.contains("<b>RA-7</b>"))
        #expect(stale.contains("over_extended, expired"))
        #expect(Self.html.contains("<td><code>key:db-2</code></td><td>no evidence</td><td>KM-01</td>"))
    }
}
