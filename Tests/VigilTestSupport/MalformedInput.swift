/// A broken input and how its collector must refuse it: where (a line, a JSON path) and why. Named
/// by `name` in a parameterized test's list of cases.
public struct MalformedInput: Sendable, CustomStringConvertible {
    public let name: String
    /// The file's name, for collectors that read the format from it (`.csv`, `.json`).
    public let fileName: String
    public let text: String
    public let location: String
    public let reason: String

    public init(name: String, fileName: String = "input", text: String, location: String, reason: String) {
        self.name = name
        self.fileName = fileName
        self.text = text
        self.location = location
        self.reason = reason
    }

    public var description: String { name }
}
