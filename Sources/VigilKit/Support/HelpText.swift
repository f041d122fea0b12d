import Collectors
import ControlEngine

/// Help the command line prints, made from the tables the engine itself uses.
public enum HelpText {
    /// Every check type: what it judges, its parameters, a `check:` line.
    public static var checkTypes: String { CheckGuide.text }

    /// The shipped framework catalogues, `nis2 (10 requirements), …`.
    public static var frameworks: String {
        FrameworkCatalogues.shipped.map { "\($0.framework) (\($0.requirements.count) requirements)" }.joined(separator: ", ")
    }

    /// Every collector: what it reads and the kinds it writes.
    public static var collectors: String { CollectorGuide.text }
}
