import Testing

@testable import Reporting

struct TerminalTextTests {
    @Test func visibleWidthIgnoresColourEscapes() {
        let painted = TerminalText(useColor: true).paint("✗ FAIL", .red)
        #expect(painted == "\u{1B}[31m✗ FAIL\u{1B}[0m")
        #expect(TerminalText.visibleWidth(painted) == 6)
    }

    @Test func paintWithoutColourReturnsTheTextUnchanged() {
        #expect(TerminalText(useColor: false).paint("✗ FAIL", .red) == "✗ FAIL")
    }

    @Test func shortTextStaysOnOneLine() {
        #expect(TerminalText.wrap("  - ", "all  good", indent: 4) == ["  - all  good"])
    }

    @Test func longTextWrapsOntoIndentedLinesWithinTheWidthAndLosesNoWord() {
        let body = "one two three four five six seven eight nine ten"
        let lines = TerminalText.wrap("lead: ", body, indent: 4, width: 20)
        #expect(lines == ["lead: one two three", "    four five six", "    seven eight nine", "    ten"])
        #expect(lines.allSatisfy { $0.count <= 20 })
    }

    @Test func aWordLongerThanTheWidthGetsALineOfItsOwnUncut() {
        let word = String(repeating: "x", count: 30)
        #expect(TerminalText.wrap("ab ", "\(word) end", indent: 2, width: 20) == ["ab", "  \(word)", "  end"])
    }

    @Test func lineBreaksInsideTheTextBecomeSpaces() {
        #expect(TerminalText.wrap("", "first\nsecond", indent: 0) == ["first second"])
    }

    @Test func aColumnGapFallingOnABreakDisappears() {
        #expect(TerminalText.wrap("", "aaaa  bbbb", indent: 1, width: 5) == ["aaaa", " bbbb"])
    }
}
