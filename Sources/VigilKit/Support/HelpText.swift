import Collectors
import ControlEngine

/// Help the command line prints, made from the tables the engine itself uses.
public enum HelpText {
    /// Every check type: what it judges, its parameters, a `check:` line.
    public static var checkTypes: String { CheckGuide.text }

    /// Every collector: what it reads and the kinds it writes.
    public static var collectors: String { CollectorGuide.text }
}
