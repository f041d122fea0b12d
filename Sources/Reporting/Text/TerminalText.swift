/// ANSI SGR colours, used only when the caller asks for colour.
enum TerminalColour: String, Sendable {
    case red = "31"
    case green = "32"
    case yellow = "33"
    case cyan = "36"
    case dim = "2"
}

/// Builds terminal lines: optional colour, and word wrapping that measures what the eye sees.
struct TerminalText {
    /// Wide enough for ids and titles, narrow enough for a split terminal.
    static let width = 100

    let useColor: Bool

    /// `text` in `colour` with a reset after it, or `text` unchanged: without colour no escape byte is written.
    func paint(_ text: String, _ colour: TerminalColour) -> String {
        useColor ? "\u{1B}[\(colour.rawValue)m\(text)\u{1B}[0m" : text
    }

    /// Columns `text` occupies: characters, not counting colour escapes.
    static func visibleWidth(_ text: String) -> Int {
        var width = 0
        var inEscape = false
        for scalar in text.unicodeScalars {
            if inEscape {
                if scalar == "m" { inEscape = false }
            } else if scalar == "\u{1B}" {
                inEscape = true
            } else {
                width += 1
            }
        }
        return width
    }

    /// `lead` followed by `body`, word-wrapped to `width`; continuation lines start `indent` spaces in.
    ///
    /// Nothing is truncated: a word longer than a line gets a line of its own. Runs of spaces inside
    /// `body` are kept (they separate columns); line breaks inside it become spaces.
    static func wrap(_ lead: String, _ body: String, indent: Int, width: Int = width) -> [String] {
        let flat = String(body.map { $0.isNewline ? " " : $0 })
        let words = flat.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        var lines: [String] = []
        var line = lead
        var lineWidth = visibleWidth(lead)
        var lineHasWords = false
        for word in words {
            let wordWidth = visibleWidth(word)
            let separator = lineHasWords ? 1 : 0
            let fits = lineWidth + separator + wordWidth <= width
            let leadIsMeaningful = lineWidth > indent  // else breaking gains no room
            if !fits && (lineHasWords || leadIsMeaningful) {
                if word.isEmpty { continue }  // a column gap at a break is just the break
                lines.append(line)
                line = String(repeating: " ", count: indent) + word
                lineWidth = indent + wordWidth
            } else {
                line += (lineHasWords ? " " : "") + word
                lineWidth += separator + wordWidth
            }
            lineHasWords = true
        }
        lines.append(line)
        return lines.map(trimmingTrailingSpaces)
    }

    private static func trimmingTrailingSpaces(_ line: String) -> String {
        var line = Substring(line)
        while line.last == " " { line.removeLast() }
        return String(line)
    }
}
