import EvidenceModel

/// Escaping for the XML-family formats (JUnit XML, HTML): text that can never close a tag or an attribute.
enum Markup {
    /// `text` safe inside an element or a double- or single-quoted attribute. Line breaks and tabs in
    /// attributes become character references so parsers keep them; other control characters (which
    /// XML 1.0 cannot carry, or which reorder text) are written as visible escapes, as every output
    /// writes them (``UntrustedText/escaped(_:)``); U+FFFE and U+FFFF become U+FFFD.
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
            case _ where UntrustedText.isControl(scalar): out += UntrustedText.escaped(String(scalar))
            case "\u{FFFE}", "\u{FFFF}": out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func attribute(_ text: String) -> String { escape(text, inAttribute: true) }
}
