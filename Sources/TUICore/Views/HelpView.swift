/// Help, generated from the key map so it can never drift from the bindings.
enum HelpView {
    static let columns = [Column("KEYS", width: 14), Column("ACTION", width: 20, flexible: true)]

    static func content(_ state: AppState) -> PageContent {
        var content = PageContent(title: "Help")
        content.preamble.append(StyledLine("Keys (from the key map; f and F work on the controls list)", .heading))
        content.columns = columns
        content.rows = KeyMap.standard.bindings.map { TableRow([$0.keyNames, $0.help]) }
        return content
    }
}
