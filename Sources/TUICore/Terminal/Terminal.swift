/// A terminal's size in character cells.
public struct Size: Sendable, Hashable, CustomStringConvertible {
    public var columns: Int
    public var rows: Int

    public init(columns: Int, rows: Int) {
        self.columns = columns
        self.rows = rows
    }

    /// Parses `80x24`.
    public init?(_ text: String) {
        let parts = text.lowercased().split(separator: "x")
        guard parts.count == 2, let columns = Int(parts[0]), let rows = Int(parts[1]), columns > 0, rows > 0 else {
            return nil
        }
        self.init(columns: columns, rows: rows)
    }

    public var description: String { "\(columns)x\(rows)" }
}

/// Where screens are drawn and keys come from: ncurses in `TUITerminal`, ``TextTerminal`` in tests
/// and in the headless mode.
public protocol Terminal {
    /// The current size; read again after every key (a `.resize` key announces a change).
    var size: Size { get }
    /// The next key, or nil when no more will come (end of a script, a closed terminal).
    mutating func readKey() -> Key?
    mutating func draw(_ screen: Screen)
}
