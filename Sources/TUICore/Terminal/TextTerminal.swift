/// An in-memory terminal: keys from a ``KeyScript``, screens kept as values.
///
/// The swappable driver of the tests and of `vigil tui --script`: everything but ncurses runs.
public struct TextTerminal: Terminal {
    public private(set) var size: Size
    public private(set) var lastScreen: Screen?
    /// Screens saved by `:dump NAME` steps, in script order.
    public private(set) var dumps: [(name: String, screen: Screen)] = []
    public private(set) var framesDrawn = 0
    private var steps: [KeyScript.Step]
    private var position = 0

    public init(size: Size, script: KeyScript = KeyScript(steps: [])) {
        self.size = size
        self.steps = script.steps
    }

    public mutating func readKey() -> Key? {
        while position < steps.count {
            let step = steps[position]
            position += 1
            switch step {
            case .key(let key): return key
            case .dump(let name):
                if let lastScreen { dumps.append((name, lastScreen)) }
            case .resize(let newSize):
                size = newSize
                return .resize
            }
        }
        return nil
    }

    public mutating func draw(_ screen: Screen) {
        lastScreen = screen
        framesDrawn += 1
    }

    /// The dumped screen called `name`.
    public func dump(_ name: String) -> Screen? { dumps.last { $0.name == name }?.screen }
}
