/// Why (part of) a control file could not be loaded: the one error type of this module.
///
/// Its `description` names the file, the control and the field, so the command line prints it as-is:
/// `Controls/fw.yaml: control FW-01: field 'freshness': '7x' is not a duration (use Nd, Nh, Nm or Nw)`.
public struct ControlIssue: Error, Sendable, Hashable, CustomStringConvertible {
    public let file: String
    /// The control's id, `#N` (its position in the file) when it has none, or nil for file-level issues.
    public let control: String?
    /// The field, dotted for nested ones (`check.max`, `check.all[2].equals`, `scope.tags`).
    public let field: String?
    public let reason: String

    public init(file: String, control: String? = nil, field: String? = nil, reason: String) {
        self.file = file
        self.control = control
        self.field = field
        self.reason = reason
    }

    public var description: String {
        var text = file
        if let control { text += ": control \(control)" }
        if let field { text += ": field '\(field)'" }
        return text + ": " + reason
    }
}
