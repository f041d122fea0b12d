import Foundation

/// How much work any one input may cause: the bounds every parser, check and command source obeys.
///
/// Evidence arrives from hosts and tools an attacker may control, so no input may make Vigil run
/// out of memory, stack or time. These are the documented defaults (README, "Limits"); `vigil.yaml`
/// can change them under `limits:`.
public struct InputLimits: Sendable, Hashable {
    /// The largest input file a collector reads, or advisory file a check reads, in bytes.
    public var fileBytes = 256 << 20
    /// The largest control file or `vigil.yaml`, in bytes.
    public var documentBytes = 4 << 20
    /// The deepest nesting of arrays and objects (JSON) or sequences and mappings (YAML).
    public var nestingDepth = 256
    /// The longest string in a JSON input, in bytes of UTF-8.
    public var stringBytes = 16 << 20
    /// The most alias uses (`*name`) a YAML document may make; counted before anything is expanded.
    public var yamlAliases = 100
    /// The most nodes those aliases may add once expanded (nine levels of ten aliases would add 10^9).
    public var yamlAliasNodes = 100_000
    /// The longest text a `matches:` pattern is tried against, in characters; a longer value fails
    /// the clause with that reason instead of being searched.
    public var regexTextLength = 4_096
    /// How long a command source may run when its source gives no `timeout`.
    public var commandTimeout: TimeInterval = 300
    /// The most standard output a command source may write, in bytes.
    public var commandOutputBytes = 256 << 20
    /// The most records a collect stages in one commit: a larger run is stored as a chain of such
    /// commits (HEAD moving once, to the last), so its memory holds one batch, not the whole run.
    public var recordsPerCommit = 262_144

    public init() {}

    /// The defaults.
    public static let standard = InputLimits()

    /// The deepest nesting any configuration may allow: parsers recurse once per level, and the stack
    /// of a thread holds about this many frames with room to spare.
    public static let deepestNesting = 1_000

    /// For reading back records Vigil stored: no string bound, the deepest nesting ever allowed.
    static let storedRecords: InputLimits = {
        var limits = InputLimits()
        limits.stringBytes = .max
        limits.nestingDepth = deepestNesting
        return limits
    }()
}

extension InputLimits {
    /// `256 MiB`, `16 KiB`, `512 bytes`: a size as the limits' messages and README write it.
    public static func size(_ bytes: Int) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }
}
