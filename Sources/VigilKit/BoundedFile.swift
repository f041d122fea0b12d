import EvidenceModel
import Foundation

/// Reads a whole file only up to a size limit: a larger one (or an endless one, `/dev/zero`) is
/// refused after reading one byte past the limit, never loaded whole.
enum BoundedFile {
    enum Failure: Error, Equatable {
        case missing
        case unreadable
        case tooLarge(limit: Int)

        /// `file is over the limit of 256 MiB (limits.file_size in vigil.yaml)`.
        func reason(setting: String) -> String {
            switch self {
            case .missing: "no such file"
            case .unreadable: "cannot be read"
            case .tooLarge(let limit): "file is over the limit of \(InputLimits.size(limit)) (limits.\(setting) in vigil.yaml)"
            }
        }
    }

    static func read(_ url: URL, limit: Int) -> Result<Data, Failure> {
        guard let handle = try? FileHandle(forReadingFrom: url) else {
            return .failure(FileManager.default.fileExists(atPath: url.path) ? .unreadable : .missing)
        }
        defer { try? handle.close() }
        do {
            let data = try handle.read(upToCount: limit + 1) ?? Data()  // nil: an empty file
            return data.count > limit ? .failure(.tooLarge(limit: limit)) : .success(data)
        } catch {
            return .failure(.unreadable)  // a folder, or a read error
        }
    }
}
