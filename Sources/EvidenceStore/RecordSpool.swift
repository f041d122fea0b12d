import EvidenceModel
import Foundation

/// Canonical bytes of the records a collect has taken but not yet committed, kept in a file
/// rather than in memory (``SpoolFile``): a batch of 262,144 Boulder records held ~250 MB of bytes
/// until its commit. The file is made in the store's folder.
public final class RecordSpool: Sendable {
    /// Where one record's bytes are.
    public typealias Place = SpoolFile.Place

    private let file: SpoolFile
    /// The folder the unlinked file was made in, for messages.
    private let folder: String

    /// A spool in `folder` (the store's own), gone when the value is.
    public init(in folder: URL) throws(StoreError) {
        do { file = try SpoolFile(in: folder, named: "vigil-spool") } catch {
            throw .staging(path: folder.path, reason: "cannot create a file for records waiting for their commit: \(error)")
        }
        self.folder = folder.path
    }

    func append(_ bytes: Data) throws(StoreError) -> Place {
        do { return try file.append(bytes) } catch { throw .staging(path: folder, reason: "cannot stage records: \(error)") }
    }

    func read(_ place: Place) throws(StoreError) -> Data {
        do { return try file.read(place) } catch { throw .staging(path: folder, reason: "cannot read a staged record back: \(error)") }
    }
}
