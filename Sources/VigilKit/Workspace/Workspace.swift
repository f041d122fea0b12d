import EvidenceModel
import EvidenceStore
import Foundation
import MerkleLog

/// The workspace folder of DESIGN §3: `store/` (git), `index.sqlite` (GRDB), `keys/` (mode 0700, never in git).
public struct Workspace: Sendable {
    public let home: URL
    /// Where a long index catch-up says how it is going.
    public var progress: ProgressMessages
    /// A sync bringing at least this many records, into an index holding at most a quarter as many,
    /// builds a new index instead (``indexAfresh(from:appended:progress:)``).
    public var freshIndexMinimum = 65_536

    public init(home: URL, progress: ProgressMessages = .silent) {
        self.home = home.standardizedFileURL
        self.progress = progress
    }

    public var storeURL: URL { home.appendingPathComponent("store") }
    public var indexURL: URL { home.appendingPathComponent("index.sqlite") }
    public var keysURL: URL { home.appendingPathComponent("keys") }
    public var lockURL: URL { home.appendingPathComponent("lock") }

    public var exists: Bool { FileManager.default.fileExists(atPath: storeURL.appendingPathComponent("HEAD").path) }

    public var keyRing: KeyRing { KeyRing(folder: keysURL) }

    /// The key ring of this workspace, for commands on an existing one: a folder that is not a
    /// workspace is a usage error (exit 2), never an empty list of keys.
    public func existingKeyRing() throws(VigilError) -> KeyRing {
        try requireCentral()
        return keyRing
    }

    /// The workspace lock, for commands that change an existing workspace (not-a-workspace is exit 2,
    /// not a lock file that cannot be opened).
    public func lock(timeout: TimeInterval) throws(VigilError) -> WorkspaceLock {
        try requireExists()
        return try WorkspaceLock(at: lockURL, timeout: timeout, waiting: progress.detail)
    }

    /// Commands other than `init` and `audit` on a folder that is not a workspace say so and exit 2 (DESIGN §3).
    public func requireExists() throws(VigilError) {
        guard exists else {
            throw .usage("\(home.path) is not a Vigil workspace (run 'vigil init' or pass --home)")
        }
    }

    /// Creates the folders, a signing key named `origin` (unless keys exist) and the store with the
    /// signed checkpoint of the empty log; an existing workspace is left as it is.
    /// - Returns: whether anything was created.
    @discardableResult
    /// - Parameter layout: how the new store keeps its records.
    public func create(at now: Date, origin: String, layout: StoreKind = .folders) throws(VigilError) -> Bool {
        if exists { return false }
        let files = FileManager.default
        do {
            try files.createDirectory(at: home, withIntermediateDirectories: true)
            try files.createDirectory(at: keysURL, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .io("cannot create workspace \(home.path): \(FileProblem(error, path: home.path))")
        }
        if try keyRing.signers().isEmpty { try keyRing.generate(name: origin) }
        let signing = try signing()
        _ = try storeCall { () throws(StoreError) in
            try EvidenceStore.create(at: storeURL, at: now, signing: signing, formatVersion: layout.formatVersion)
        }
        _ = try storeCall { () throws(StoreError) in try EvidenceIndex(path: indexURL) }
        return true
    }

    /// The active keys and the origin they sign as (the keys' name).
    public func signing() throws(VigilError) -> LogSigning {
        let keys = try keyRing.signers()
        guard let first = keys.first else {
            throw .usage("no signing key in \(keysURL.path): run 'vigil keys generate'")
        }
        return LogSigning(origin: first.name, keys: keys)
    }

    /// The keys a verification trusts by default: every key this workspace has used.
    public func trustedKeys() throws(VigilError) -> [NoteVerifierKey] {
        try existingKeyRing().entries().map(\.verifier)
    }

    /// Opens the store; a folder that is not a workspace is a usage error (exit 2), and so is a
    /// store of an older layout, naming the command that upgrades it.
    public func openStore() throws(VigilError) -> EvidenceStore {
        let store = try openStoreOfAnyFormat()
        let version = try storeCall { () throws(StoreError) in try store.formatVersion() }
        guard version == StoreLayout.formatVersion || version == StoreLayout.batchedFormatVersion else {
            throw .usage(
                """
                \(storeURL.path) was written by an earlier Vigil (store format \(version): its log carries no logged \
                times); run 'vigil upgrade' to rebuild its log in format \(StoreLayout.formatVersion) \
                (the old store is kept beside it)
                """)
        }
        return store
    }

    /// Opens the store whatever its format (for `vigil upgrade` and `log verify`); a collector's
    /// workspace has no log to read, which is a usage error (exit 2).
    public func openStoreOfAnyFormat() throws(VigilError) -> EvidenceStore {
        let (store, collector) = try openStoreOfEitherRole()
        if let collector { throw Self.collectorRefusal(home: home, name: collector) }
        return store
    }

    /// Brings the index up to date with HEAD's signed log, without the audit (after a collect).
    /// Records this process just appended are taken as they are, not read back from git; they made
    /// `rootEntries` entries of the root log (one per subject of each commit; at most one an
    /// appended record when not given).
    ///
    /// A collect adding far more records than the index holds (a new workspace's first) builds a
    /// new index instead (``freshIndexMinimum``).
    public func syncIndex(with store: EvidenceStore, appended: AppendedRecords = .none, rootEntries: Int? = nil) throws(VigilError) {
        let keys = try trustedKeys()
        let report = progress.indexSync(expected: rootEntries ?? appended.count)
        let indexed = { () throws(StoreError) in try EvidenceIndex(path: indexURL).recordCount() }
        if try isWorthIndexingAfresh(appended.count, indexed: indexed) {
            _ = try indexAfresh(from: store, appended: appended, progress: report)
            return
        }
        let index = try storeCall { () throws(StoreError) in try EvidenceIndex(path: indexURL) }
        try keepingSeal(of: index) { () throws(StoreError) in
            _ = try index.sync(with: store, trusting: keys, appended: appended, progress: report)
        }
    }

    /// Opens the index, brings it up to date with HEAD's signed log (after a crash it may lag
    /// behind), and audits it whole against the store before anything rests on it.
    /// A disagreement is a verification failure (exit 3).
    public func openIndex(for store: EvidenceStore) throws(VigilError) -> EvidenceIndex {
        let (index, sealed) = try openIndexKeepingSeal(for: store)
        try completeAudit(of: index, sealedWhenOpened: sealed, against: store)
        return index
    }

    /// Audits an index opened by ``openIndexKeepingSeal(for:)``. When its seal held then, the sync
    /// since added only rows it checked against the signed log: what a full audit would find
    /// again, so only the signed head is checked, and the index's bytes are not hashed twice.
    func completeAudit(of index: EvidenceIndex, sealedWhenOpened: Bool, against store: EvidenceStore) throws(VigilError) {
        guard sealedWhenOpened else { return try audit(index, against: store) }
        let keys = try trustedKeys()
        _ = try storeCall { () throws(StoreError) in try index.auditHead(against: store, trusting: keys) }
    }

    /// The index brought up to date but not yet audited, for callers that show something first
    /// (the TUI's first frame) and audit before the first record is read.
    public func openIndexUnaudited(for store: EvidenceStore) throws(VigilError) -> EvidenceIndex {
        try openIndexKeepingSeal(for: store).index
    }

    /// ``openIndexUnaudited(for:)``, and whether the index's seal held when it was opened.
    func openIndexKeepingSeal(for store: EvidenceStore) throws(VigilError) -> (index: EvidenceIndex, sealed: Bool) {
        let keys = try trustedKeys()
        let report = progress.indexSync(expected: 0)
        let index = try storeCall { () throws(StoreError) in try EvidenceIndex(path: indexURL) }
        let sealed = try keepingSeal(of: index) { () throws(StoreError) in
            _ = try index.sync(with: store, trusting: keys, progress: report)
        }
        return (index, sealed)
    }
}

extension Workspace {
    /// How a new store keeps its records (docs/store-v3.md).
    public enum StoreKind: String, CaseIterable, Sendable {
        /// A folder per subject, a blob per record: store format 2.
        case folders
        /// Each commit's records in one batch, subjects found through the log: store format 3.
        case batches

        public var formatVersion: Int { self == .batches ? StoreLayout.batchedFormatVersion : StoreLayout.formatVersion }
    }
}
