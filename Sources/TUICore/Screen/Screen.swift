import EvidenceModel

/// How a stretch of a line is drawn; the terminal maps each to colours and attributes.
public enum Style: Sendable, Hashable {
    case normal
    /// The header line and the status bar.
    case bar
    /// The row under the cursor.
    case selected
    /// Section titles and column headers.
    case heading
    /// Secondary text (ages, hints).
    case dim
    /// A search match.
    case match
    /// A verdict, coloured by status.
    case status(Status)
    /// Something went wrong (a failed query).
    case alert
}

/// A run of one style over `length` characters starting at character `start` of a line.
public struct StyleRun: Sendable, Hashable {
    public let start: Int
    public let length: Int
    public let style: Style

    public init(start: Int, length: Int, style: Style) {
        self.start = start
        self.length = length
        self.style = style
    }
}

/// One frame: exactly `size.rows` lines, each exactly `size.columns` cells wide, with style runs.
///
/// What `render(state, size)` returns and what every ``Terminal`` draws; tests snapshot ``text``.
public struct Screen: Sendable, Hashable {
    public let size: Size
    public let lines: [String]
    public let styles: [[StyleRun]]

    public init(size: Size, lines: [StyledLine]) {
        self.size = size
        var fitted = lines.prefix(size.rows).map { $0.fitted(to: size.columns) }
        while fitted.count < size.rows { fitted.append(StyledLine().fitted(to: size.columns)) }
        self.lines = fitted.map(\.text)
        self.styles = fitted.map(\.runs)
    }

    /// The frame as plain text, trailing spaces trimmed: what snapshots and screen dumps hold.
    public var text: String {
        lines.map { line in
            var trimmed = Substring(line)
            while trimmed.last == " " { trimmed = trimmed.dropLast() }
            return String(trimmed)
        }.joined(separator: "\n") + "\n"
    }

    /// The style of the character at `column` (a character index) of `row`.
    public func style(row: Int, column: Int = 0) -> Style {
        guard styles.indices.contains(row) else { return .normal }
        return styles[row].first { $0.start <= column && column < $0.start + $0.length }?.style ?? .normal
    }

    /// The rows whose text contains `text`.
    public func rows(containing text: String) -> [Int] {
        lines.indices.filter { lines[$0].contains(text) }
    }
}

/// A line under construction: styled segments, fitted to the screen width at the end.
public struct StyledLine: Sendable {
    public private(set) var segments: [(text: String, style: Style)] = []

    public init() {}

    public init(_ text: String, _ style: Style = .normal) {
        append(text, style)
    }

    /// Every text the TUI draws passes here: a control character from input is written as an escape
    /// (``UntrustedText/escaped(_:)``), so nothing can move the cursor or forge a row.
    public mutating func append(_ text: String, _ style: Style = .normal) {
        guard !text.isEmpty else { return }
        segments.append((UntrustedText.escaped(text), style))
    }

    public var plainText: String { segments.map(\.text).joined() }

    /// The whole line in one style (the selected row, the bars).
    public func restyled(_ style: Style) -> StyledLine {
        var line = StyledLine()
        for segment in segments { line.append(segment.text, style) }
        return line
    }

    /// Truncated with `…` by display width and padded to exactly `width` cells. A line drawn in
    /// one style (a bar, the selection) pads in that style, so the highlight spans the screen.
    func fitted(to width: Int) -> (text: String, runs: [StyleRun]) {
        let total = segments.reduce(0) { $0 + DisplayWidth.of($1.text) }
        var text = ""
        var runs: [StyleRun] = []
        var used = 0
        var characters = 0
        func add(_ piece: String, _ style: Style) {
            guard !piece.isEmpty else { return }
            text += piece
            runs.append(StyleRun(start: characters, length: piece.count, style: style))
            used += DisplayWidth.of(piece)
            characters += piece.count
        }
        for segment in segments {
            let w = DisplayWidth.of(segment.text)
            if total <= width || used + w <= width - 1 {
                add(segment.text, segment.style)
                continue
            }
            add(Self.cut(segment.text, to: width - used), segment.style)
            break
        }
        if used < width {
            let uniform = Set(segments.map(\.style)).count == 1 ? segments.first?.style ?? .normal : .normal
            add(String(repeating: " ", count: width - used), uniform)
        }
        return (text, runs.filter { $0.style != .normal })
    }

    /// At most `room` cells of `text`, always ending in `…` (something after it is lost).
    private static func cut(_ text: String, to room: Int) -> String {
        guard room > 0 else { return "" }
        var result = ""
        var used = 0
        for character in text {
            let w = DisplayWidth.of(character)
            if used + w > room - 1 { break }
            result.append(character)
            used += w
        }
        return result + "…"
    }
}
