import EvidenceModel
import Foundation

/// Reads a whole file only up to a size limit: a larger one (or an endless one, `/dev/zero`) is
/// refused after reading one byte past the limit, never loaded whole.
enum BoundedFile {
    enum Failure: Error, Equatable {
        /// Missing, a folder, a dangling link, permission denied: in words (``FileProblem``).
        case unreadable(FileProblem)
        case tooLarge(limit: Int)

        /// `file is over the limit of 256 MiB (limits.file_size in vigil.yaml)`.
        func reason(setting: String) -> String {
            switch self {
            case .unreadable(let problem): problem.reason
            case .tooLarge(let limit): "file is over the limit of \(InputLimits.size(limit)) (limits.\(setting) in vigil.yaml)"
            }
        }
    }

    static func read(_ url: URL, limit: Int) -> Result<Data, Failure> {
        let handle: FileHandle
        do { handle = try FileHandle(forReadingFrom: url) } catch {
            return .failure(.unreadable(FileProblem(error, path: url.path)))
        }
        defer { try? handle.close() }
        do {
            let data = try handle.read(upToCount: limit + 1) ?? Data()  // nil: an empty file
            return data.count > limit ? .failure(.tooLarge(limit: limit)) : .success(data)
        } catch {
            return .failure(.unreadable(FileProblem(error, path: url.path)))  // a folder, or a read error
        }
    }
}
