import Foundation

/// A fresh folder under the system temporary directory, removed with everything in it when the
/// test lets go of it: the one way tests make scratch space.
public final class TemporaryFolder: Sendable {
    public let url: URL

    /// - Parameter prefix: names the folder after what made it, for a look after a failure.
    public init(_ prefix: String = "vigil-test") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// `name` inside the folder.
    public func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    deinit { try? FileManager.default.removeItem(at: url) }
}
