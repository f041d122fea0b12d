import EvidenceModel
import Testing

@testable import Reporting

/// Aligned text tables: columns by display width, always separated, long cells cut with an ellipsis.
struct TextTableTests {
    @Test func columnsAlignByDisplayWidthWithWideAndCombiningCharacters() {
        var table = TextTable([.init("A"), .init("B"), .init("C")])
        table.append(["日本", "x", "last"])
        table.append(["e\u{301}e\u{301}e\u{301}", "yy", ""])
        table.append(["plain", "z", "end"])
        let lines = table.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(
            lines == [
                "A      B   C", "日本   x   last",
                "éééé"
                    .replacingOccurrences(of: "éééé", with: "e\u{301}e\u{301}e\u{301}") + "    yy", "plain  z   end", "",
            ])
    }

    @Test func aCellPastItsLimitIsCutWithAnEllipsisAndColumnsNeverRunTogether() {
        var table = TextTable([.init("TIME"), .init("SUBJECT", limit: 10), .init("ID")])
        table.append([Timestamp.formatWithMilliseconds(Timestamp.parse("2026-05-01T08:00:00.48Z")!), "domain:a-very-long-name.example", "c8ea"])
        table.append([Timestamp.formatWithMilliseconds(Timestamp.parse("2026-05-01T08:00:00Z")!), "host:a", "89ef"])
        #expect(
            table.text == """
                TIME                      SUBJECT     ID
                2026-05-01T08:00:00.480Z  domain:a-…  c8ea
                2026-05-01T08:00:00.000Z  host:a      89ef

                """)
    }
}
