import EvidenceModel
import Foundation

/// Writes a verified bundle's files under a folder, and nowhere else.
public enum SafeExtraction {
    /// Writes every file under `folder`; names were already checked by ``BundleLayout/problem(withEntryName:)``,
    /// and each resolved path is checked again to stay inside `folder`.
    public static func write(_ files: [String: Data], to folder: URL) throws(BundleError) {
        let root = folder.standardizedFileURL.resolvingSymlinksInPath()
        for (name, data) in files.sorted(by: { $0.key < $1.key }) {
            if let problem = BundleLayout.problem(withEntryName: name) { throw .container(problem) }
            let target = root.appendingPathComponent(name).standardizedFileURL
            guard target.path.hasPrefix(root.path + "/") else { throw .container("entry '\(name)' resolves outside \(root.path)") }
            do {
                try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                let parent = target.deletingLastPathComponent().resolvingSymlinksInPath()
                guard parent.path == root.path || parent.path.hasPrefix(root.path + "/") else {
                    throw BundleError.container("entry '\(name)' would be written through a link outside \(root.path)")
                }
                try data.write(to: target, options: .withoutOverwriting)
            } catch let error as BundleError {
                throw error
            } catch {
                throw .write("cannot write \(target.path): \(FileProblem(error, path: target.path))")
            }
        }
    }
}
