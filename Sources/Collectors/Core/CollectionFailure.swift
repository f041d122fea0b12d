/// Why a whole input file was rejected, and where in it: nothing of a failing file becomes evidence.
///
/// `location` is a JSON path (`$.Devices[3].Flags`), `line 2, column 5`, a YAML entry path
/// (`[2].expires_at`) or a CSV cell (`line 4, column in_scope`), so a person can find the spot.
public struct CollectionFailure: Error, Sendable, Equatable {
    public let file: String
    public let location: String
    public let reason: String

    public init(file: String, location: String, reason: String) {
        self.file = file
        self.location = location
        self.reason = reason
    }
}

extension CollectionFailure: CustomStringConvertible {
    /// A fault of the whole file (changed while read, over `file_size`) has no place within it.
    public var description: String { location.isEmpty ? "\(file): \(reason)" : "\(file): \(location): \(reason)" }
}
