/// One key press, as the reducer sees it: decoded from ncurses or read from a key script.
public enum Key: Sendable, Hashable {
    case character(Character)
    case enter, escape, tab, backTab, backspace
    case up, down, left, right, pageUp, pageDown, home, end
    /// The terminal changed size; the next frame is rendered at the new size.
    case resize
    /// Ctrl-C when the terminal delivers it as a key (raw mode, key scripts).
    case interrupt

    /// How the key is written in help, the status bar and key scripts (`<Enter>`, `j`).
    public var name: String {
        switch self {
        case .character(" "): "<Space>"
        case .character(let c): String(c)
        case .enter: "<Enter>"
        case .escape: "<Esc>"
        case .tab: "<Tab>"
        case .backTab: "<S-Tab>"
        case .backspace: "<BS>"
        case .up: "<Up>"
        case .down: "<Down>"
        case .left: "<Left>"
        case .right: "<Right>"
        case .pageUp: "<PgUp>"
        case .pageDown: "<PgDn>"
        case .home: "<Home>"
        case .end: "<End>"
        case .resize: "<Resize>"
        case .interrupt: "<C-c>"
        }
    }

    /// The short form shown in the status bar (`↑`, `Enter`, `j`).
    public var hint: String {
        switch self {
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .character(let c) where c != " ": String(c)
        default: String(name.dropFirst().dropLast())
        }
    }

    static let named: [String: Key] = [
        "enter": .enter, "cr": .enter, "return": .enter, "esc": .escape, "escape": .escape, "tab": .tab,
        "s-tab": .backTab, "backtab": .backTab, "bs": .backspace, "backspace": .backspace, "up": .up, "down": .down,
        "left": .left, "right": .right, "pgup": .pageUp, "pageup": .pageUp, "pgdn": .pageDown, "pagedown": .pageDown,
        "home": .home, "end": .end, "space": .character(" "), "c-c": .interrupt, "lt": .character("<"),
    ]

    /// The key a script names inside angle brackets (`Enter`, `PgDn`, `C-c`), case-insensitively.
    public init?(scriptName: String) {
        guard let key = Self.named[scriptName.lowercased()] else { return nil }
        self = key
    }
}
