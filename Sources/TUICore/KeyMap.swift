/// Where a binding applies.
public enum BindingScope: Sendable, Hashable {
    case everywhere
    /// Only on the controls list (the filters).
    case controlsList
    /// Only where a subject's result is at hand: a control's results, a result's evidence.
    case results

    /// Whether a binding of this scope applies on `page`.
    func applies(on page: Page) -> Bool {
        switch (self, page) {
        case (.everywhere, _), (.controlsList, .tab(.controls)), (.results, .control), (.results, .evidence): true
        default: false
        }
    }
}

/// One row of the key table: the single source of dispatch, status-bar hints and help.
public struct KeyBinding: Sendable {
    public let keys: [Key]
    public let action: Action
    public let help: String
    /// The status bar's short form (`j/k move`); nil: only in help.
    public let statusHint: String?
    public let scope: BindingScope

    public init(_ keys: [Key], _ action: Action, _ help: String, hint: String? = nil, scope: BindingScope = .everywhere) {
        self.keys = keys
        self.action = action
        self.help = help
        self.statusHint = hint
        self.scope = scope
    }

    /// The keys as help shows them: `j ↓`.
    public var keyNames: String { keys.map(\.hint).joined(separator: " ") }
}

/// The key bindings, as data (after tig's request table and lazygit's `Binding`).
public struct KeyMap: Sendable {
    public let bindings: [KeyBinding]

    public init(bindings: [KeyBinding]) { self.bindings = bindings }

    public static let standard = KeyMap(bindings: [
        KeyBinding([.character("j"), .down], .down, "move down", hint: "j/k move"),
        KeyBinding([.character("k"), .up], .up, "move up"),
        KeyBinding([.pageDown, .character(" ")], .pageDown, "page down"),
        KeyBinding([.pageUp], .pageUp, "page up"),
        KeyBinding([.character("g"), .home], .top, "go to the first row"),
        KeyBinding([.character("G"), .end], .bottom, "go to the last row"),
        KeyBinding([.enter, .character("l"), .right], .open, "open the selected row", hint: "Enter open"),
        KeyBinding([.escape, .character("h"), .left], .back, "go back", hint: "Esc back"),
        KeyBinding([.tab], .nextTab, "next view (Controls, Scope gaps, Acceptances, Log, Sources)", hint: "Tab view"),
        KeyBinding([.backTab], .previousTab, "previous view"),
        KeyBinding([.character("/")], .startSearch, "search (incremental; Enter keeps, Esc cancels)", hint: "/ search"),
        KeyBinding([.character("n")], .nextMatch, "next match"),
        KeyBinding([.character("N")], .previousMatch, "previous match"),
        KeyBinding([.character("f")], .cycleStatusFilter, "filter by status (cycles)", hint: "f status", scope: .controlsList),
        KeyBinding([.character("F")], .cycleFrameworkFilter, "filter by framework (cycles)", hint: "F framework", scope: .controlsList),
        KeyBinding(
            [.character("d")], .openDecisionLog, "issuance decision log of the selected domain: subject",
            hint: "d decisions", scope: .results),
        KeyBinding(
            [.character("D")], .openDiff, "what changed since a week before the instant (as vigil diff)",
            hint: "D diff"),
        KeyBinding([.character("r")], .reload, "reload from the workspace"),
        KeyBinding([.character("?")], .help, "this help", hint: "? help"),
        KeyBinding([.character("q"), .interrupt], .quit, "quit", hint: "q quit"),
    ])

    /// The bindings that apply on `page`.
    public func bindings(on page: Page) -> [KeyBinding] {
        bindings.filter { $0.scope.applies(on: page) }
    }

    /// The action a key means in `state`; while a search is typed, keys edit the query instead.
    public func action(for key: Key, in state: AppState) -> Action? {
        if state.search.isEditing {
            switch key {
            case .enter: return .searchConfirm
            case .escape, .interrupt: return .searchCancel
            case .backspace: return .searchBackspace
            case .character(let c): return .searchInput(c)
            default: break
            }
        }
        return bindings(on: state.page).first { $0.keys.contains(key) }?.action
    }

    /// `j move down  Enter open  …`: the hints of the bindings that apply on `page`.
    public func statusHints(on page: Page) -> String {
        bindings(on: page).compactMap(\.statusHint).joined(separator: "  ")
    }
}
