import EvidenceModel

/// A table column: a title and how much room it wants.
public struct Column: Sendable, Hashable {
    public let title: String
    /// Cells it needs at least; a flexible column also shares what is left over.
    public let width: Int
    public let isFlexible: Bool
    public let alignRight: Bool
    /// Dropped first (from the right) when the screen is too narrow for every column.
    public let isOptional: Bool

    public init(_ title: String, width: Int, flexible: Bool = false, alignRight: Bool = false, optional: Bool = false) {
        self.title = title
        self.width = width
        self.isFlexible = flexible
        self.alignRight = alignRight
        self.isOptional = optional
    }
}

/// One row of a table: its cells, the status that colours its first cell, and where Enter leads.
public struct TableRow: Sendable, Hashable {
    public let cells: [String]
    public let status: Status?
    public let target: Page?

    /// Cells are escaped here already (``UntrustedText/escaped(_:)``), so columns are measured as drawn.
    public init(_ cells: [String], status: Status? = nil, target: Page? = nil) {
        self.cells = cells.map(UntrustedText.escaped)
        self.status = status
        self.target = target
    }

    /// What `/` searches: every cell.
    public var searchText: String { cells.joined(separator: " ") }
}

/// Lays out columns and rows in a width: widths, truncation with `…`, the selection highlight.
public enum TableLayout {
    /// The columns that fit in `width` (optional ones dropped from the right) and their widths.
    public static func widths(_ columns: [Column], in width: Int) -> [Int?] {
        var shown = columns.map { _ in true }
        func needed() -> Int {
            zip(columns, shown).filter(\.1).reduce(0) { $0 + $1.0.width } + max(0, shown.filter { $0 }.count - 1)
        }
        var index = columns.count - 1
        while needed() > width, index >= 0 {
            if columns[index].isOptional { shown[index] = false }
            index -= 1
        }
        let spare = max(0, width - needed())
        let flexible = zip(columns, shown).filter { $0.1 && $0.0.isFlexible }.count
        var given = 0
        var seen = 0
        return columns.indices.map { i in
            guard shown[i] else { return nil }
            guard columns[i].isFlexible, flexible > 0 else { return columns[i].width }
            seen += 1
            let share = seen == flexible ? spare - given : spare / flexible
            given += share
            return columns[i].width + share
        }
    }

    /// The header line and `height - 1` rows starting at `scroll`, the row at `cursor` highlighted.
    public static func render(
        columns: [Column], rows: [TableRow], cursor: Int, scroll: Int, width: Int, height: Int, matching: String = ""
    ) -> [StyledLine] {
        guard height > 0 else { return [] }
        let widths = widths(columns, in: width)
        var header = StyledLine()
        for (column, w) in zip(columns, widths) {
            guard let w else { continue }
            if !header.segments.isEmpty { header.append(" ", .heading) }
            header.append(DisplayWidth.fit(column.title, to: w, alignRight: column.alignRight), .heading)
        }
        var lines = [header]
        let visible = rows.dropFirst(scroll).prefix(height - 1)
        for (offset, row) in visible.enumerated() {
            var line = StyledLine()
            for (i, (column, w)) in zip(columns, widths).enumerated() {
                guard let w else { continue }
                let text = DisplayWidth.fit(i < row.cells.count ? row.cells[i] : "", to: w, alignRight: column.alignRight)
                let style: Style = i == 0 ? row.status.map(Style.status) ?? .normal : .normal
                if !line.segments.isEmpty { line.append(" ") }
                line.append(text, style)
            }
            let isSelected = scroll + offset == cursor
            lines.append(isSelected ? line.restyled(.selected) : line)
        }
        return lines
    }

    /// The scroll offset that keeps `cursor` visible in `height` rows, as close to `preferred` as possible.
    public static func scroll(cursor: Int, preferred: Int, rows: Int, height: Int) -> Int {
        guard height > 0 else { return 0 }
        var scroll = min(max(preferred, cursor - height + 1), cursor)
        scroll = min(scroll, max(0, rows - height))
        return max(0, scroll)
    }
}
