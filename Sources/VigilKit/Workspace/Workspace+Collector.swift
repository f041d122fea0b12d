import EvidenceModel
import EvidenceStore
import Foundation

/// A collector's workspace (issue 17): `store/` only, whose HEAD is `refs/heads/collect/<name>`;
/// no signing key, no log, no index. That branch name is the one place its role is recorded.
extension Workspace {
    /// Collector names: lowercase letters, digits, `.`, `_` and `-`, starting with a letter or digit,
    /// at most 63 characters, so that `collect/<name>` is a branch name every git host accepts.
    public static func collectorNameProblem(_ name: String) -> String? {
        let bytes = Array(name.utf8)
        func allowed(_ byte: UInt8, first: Bool) -> Bool {
            (0x61...0x7a).contains(byte) || (0x30...0x39).contains(byte) || (!first && [0x2e, 0x5f, 0x2d].contains(byte))
        }
        guard (1...63).contains(bytes.count), allowed(bytes[0], first: true), bytes.dropFirst().allSatisfy({ allowed($0, first: false) }),
            !name.contains("..")
        else {
            return "collector name '\(name)' must be 1 to 63 of a-z 0-9 . _ - starting with a letter or digit (e.g. web-01)"
        }
        return nil
    }

    /// Creates a collector's workspace: the folder and an empty store on `collect/<name>`; an
    /// existing workspace is left as it is.
    /// - Returns: whether anything was created.
    @discardableResult
    public func createCollector(name: String) throws(VigilError) -> Bool {
        if let problem = Self.collectorNameProblem(name) { throw .usage(problem) }
        if exists { return false }
        do {
            try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        } catch {
            throw .io("cannot create workspace \(home.path): \(FileProblem(error, path: home.path))")
        }
        _ = try storeCall { () throws(StoreError) in try EvidenceStore.createCollector(at: storeURL, name: name) }
        return true
    }

    /// The store, and the collector's name when this is a collector's workspace.
    public func openStoreOfEitherRole() throws(VigilError) -> (store: EvidenceStore, collector: String?) {
        try requireExists()
        let store = try storeCall { () throws(StoreError) in try EvidenceStore.open(at: storeURL) }
        return (store, try storeCall { () throws(StoreError) in try store.collectorName() })
    }

    /// Commands that need the log or the keys (check, log, keys, sequence) refuse a collector's workspace.
    func requireCentral() throws(VigilError) {
        if let collector = try openStoreOfEitherRole().collector { throw Self.collectorRefusal(home: home, name: collector) }
    }

    static func collectorRefusal(home: URL, name: String) -> VigilError {
        .usage(
            """
            \(home.path) is the collector workspace '\(name)': it keeps records on collect/\(name) without a log \
            or keys, so only 'collect' and 'push' work here; check, log and sequence run on the sequencer's workspace
            """)
    }
}
