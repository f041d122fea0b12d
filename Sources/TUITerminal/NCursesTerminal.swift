internal import CNCurses
import TUICore

/// The real terminal: ncursesw with wide characters, colours where the terminal has them.
///
/// The only code that touches ncurses. It keeps no interface state: it decodes keys and draws
/// whatever ``Screen`` it is given. ``close()`` restores the terminal; it runs on every way out —
/// the caller's `defer`, `deinit`, and SIGINT/SIGTERM/SIGHUP through a handler that calls `endwin`.
public final class NCursesTerminal: Terminal {
    private var isOpen = false
    private let hasColours: Bool

    /// Starts curses mode on the controlling terminal.
    public init() {
        // The locale first: without it ncursesw draws UTF-8 as garbage.
        _ = cn_setlocale_all()
        cn_install_restoring_signal_handlers()
        set_escdelay(25)
        _ = initscr()
        isOpen = true
        _ = cbreak()
        _ = noecho()
        _ = nonl()
        _ = keypad(cn_stdscr(), true)
        _ = curs_set(0)
        hasColours = has_colors()
        if hasColours {
            _ = start_color()
            _ = use_default_colors()
            for (pair, colour) in Self.pairs.enumerated() { _ = init_pair(Int16(pair + 1), colour, -1) }
        }
    }

    deinit { close() }

    /// Leaves curses mode and restores the terminal; safe to call more than once.
    public func close() {
        guard isOpen else { return }
        isOpen = false
        _ = endwin()
    }

    public var size: Size {
        Size(columns: Int(getmaxx(cn_stdscr())), rows: Int(getmaxy(cn_stdscr())))
    }

    public func readKey() -> Key? {
        while true {
            var character: wint_t = 0
            let result = get_wch(&character)
            if result == ERR { return nil }
            if result == KEY_CODE_YES {
                if let key = KeyDecoding.functionKey(Int32(character)) { return key }
                continue
            }
            if let key = KeyDecoding.character(UInt32(character)) { return key }
        }
    }

    public func draw(_ screen: Screen) {
        _ = erase()
        for (row, line) in screen.lines.enumerated() {
            let characters = Array(line)
            var column = 0
            _ = move(Int32(row), 0)
            for run in runs(covering: characters.count, styles: screen.styles[row]) {
                let text = String(characters[run.start..<min(characters.count, run.start + run.length)])
                _ = cn_attrset(attributes(for: run.style))
                // The bottom-right cell makes ncurses report an error after writing; the text is drawn.
                _ = addstr(text)
                column += run.length
            }
            _ = cn_attrset(cn_a_normal())
        }
        _ = refresh()
    }

    /// The line split into runs: the screen's styled runs with normal text between them.
    private func runs(covering count: Int, styles: [StyleRun]) -> [StyleRun] {
        var result: [StyleRun] = []
        var position = 0
        for run in styles.sorted(by: { $0.start < $1.start }) where run.start >= position {
            if run.start > position { result.append(StyleRun(start: position, length: run.start - position, style: .normal)) }
            result.append(run)
            position = run.start + run.length
        }
        if position < count { result.append(StyleRun(start: position, length: count - position, style: .normal)) }
        return result
    }

    /// Colour pairs by index + 1: green, red, yellow, magenta, cyan, blue.
    private static let pairs: [Int16] = [
        Int16(COLOR_GREEN), Int16(COLOR_RED), Int16(COLOR_YELLOW), Int16(COLOR_MAGENTA), Int16(COLOR_CYAN), Int16(COLOR_BLUE),
    ]

    private func colour(_ pair: Int32) -> attr_t { hasColours ? cn_color_pair(pair) : cn_a_normal() }

    private func attributes(for style: Style) -> attr_t {
        switch style {
        case .normal: cn_a_normal()
        case .bar, .selected: cn_a_reverse()
        case .heading: cn_a_bold()
        case .dim: cn_a_dim()
        case .match: cn_a_underline() | colour(6)
        case .alert: cn_a_bold() | colour(2)
        case .status(let status):
            switch status {
            case .pass: colour(1)
            case .fail: cn_a_bold() | colour(2)
            case .error: cn_a_bold() | colour(2)
            case .stale: colour(3)
            case .missing: colour(4)
            case .accepted: colour(5)
            case .notApplicable: cn_a_dim()
            }
        }
    }
}
