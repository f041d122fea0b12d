import EvidenceModel

/// Rows of cells printed as aligned columns, as a terminal draws them: widths in display cells
/// (wide characters take two, combining marks none), two spaces between columns always, and a cell
/// longer than its column's limit cut with `…`. The last column is neither padded nor cut.
///
/// Cells are printed as given: escape text from input (``UntrustedText/escaped(_:)``) first.
public struct TextTable: Sendable {
    public struct Column: Sendable {
        public let title: String
        /// Cells wider than this are cut; nil for no limit.
        public let limit: Int?

        public init(_ title: String, limit: Int? = nil) {
            self.title = title
            self.limit = limit
        }
    }

    public let columns: [Column]
    public private(set) var rows: [[String]] = []

    public init(_ columns: [Column]) { self.columns = columns }

    /// Adds a row; missing cells are empty, extra ones dropped.
    public mutating func append(_ cells: [String]) {
        rows.append((0..<columns.count).map { $0 < cells.count ? cells[$0] : "" })
    }

    /// The header line and one line per row, each ending in a newline.
    public var text: String {
        let lines = [columns.map(\.title)] + rows
        let shown = lines.map { cells in
            cells.enumerated().map { column, cell in
                column == columns.count - 1 ? cell : DisplayWidth.truncate(cell, to: columns[column].limit ?? Int.max)
            }
        }
        let widths = columns.indices.map { column in shown.map { DisplayWidth.of($0[column]) }.max() ?? 0 }
        return shown.map { cells in
            cells.enumerated().map { column, cell in
                column == columns.count - 1 ? cell : DisplayWidth.fit(cell, to: widths[column]) + "  "
            }.joined()
        }.map { $0.trimmingTrailingSpaces + "\n" }.joined()
    }
}

extension String {
    /// Without the spaces padding an empty last cell.
    fileprivate var trimmingTrailingSpaces: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
