/// Escaping for the XML-family formats (JUnit XML, HTML): text that can never close a tag or an attribute.
enum Markup {
    /// `text` safe inside an element or a double- or single-quoted attribute. Line breaks and tabs in
    /// attributes become character references so parsers keep them; characters XML 1.0 cannot carry
    /// at all (other control characters, lone surrogates cannot occur in Swift) become U+FFFD.
    static func escape(_ text: String, inAttribute: Bool = false) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\n" where inAttribute: out += "&#10;"
            case "\r": out += "&#13;"
            case "\t" where inAttribute: out += "&#9;"
            case "\n", "\t": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF || (0x7F...0x84).contains(scalar.value)
                    || (0x86...0x9F).contains(scalar.value)
                {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    static func attribute(_ text: String) -> String { escape(text, inAttribute: true) }
}
