internal import CGit2
import EvidenceModel
import Foundation

/// Checks the files of subject folders one commit added or changed (records, `entries`, `subject`),
/// a few thousand at a time, while the walk goes on.
///
/// Reading and parsing records is most of `log verify`, and each file stands alone: the files are
/// taken in the order the commit lists them, then read from their packs and checked in one
/// contiguous share per core (`ParallelShares`). A full batch is checked on other threads while the
/// walk of the commit's trees gathers the next (the walk held the main thread, and a core waited on
/// it, for over half of a verify; reading each subject's `entries` on it, a tenth). A blob no pack
/// holds whole is read afterwards through libgit2, on the calling thread. Failures are thrown in the
/// commit's order.
struct SubjectFileChecker {
    struct File: Sendable {
        enum Role: Sendable {
            case record(id: String)
            /// A subject's `entries`, with what it held before (nil: added) and the subject's name to
            /// show (its folder for a subject new in the commit).
            case entries(previous: git_oid?, shown: String)
            case subjectName
        }

        let folder: String
        let path: String
        let blob: git_oid?
        let role: Role
    }

    private enum Checked {
        case record(id: String, CheckedRecord)
        /// The ids an `entries` file gained.
        case appended([String])
        case subjectName(String)
    }

    /// A file's check; nil when a blob it reads is not in a pack whole (or its pack could not be read).
    private typealias Outcome = Result<Checked, StoreError>?

    static let defaultBatch = 8_192
    let commit: String
    /// Files checked at once.
    let batch: Int
    private let packs: PackedBlobReader
    /// Reads a blob through libgit2, on the calling thread: every blob a pack does not hold whole.
    private let read: (git_oid?) throws(StoreError) -> Data
    private var waiting: [File] = []
    /// The batch being checked on other threads, and its outcomes once made.
    private var inFlight: (files: [File], outcomes: BackgroundWork<[Outcome]>)?
    /// What was checked, by subject folder: records by id, the ids its entries gained, its name.
    private var checked: [String: [String: CheckedRecord]] = [:]
    private var appended: [String: [String]] = [:]
    private var names: [String: String] = [:]

    init(commit: String, batch: Int = Self.defaultBatch, packs: PackedBlobReader, read: @escaping (git_oid?) throws(StoreError) -> Data) {
        self.commit = commit
        self.batch = max(1, batch)
        self.packs = packs
        self.read = read
    }

    /// Adds a file. When a batch is full, takes in the batch being checked and starts checking this one.
    /// - Returns: whether it started a batch: every file added before the batch started last time
    ///   can then be taken.
    mutating func add(_ file: File) throws(StoreError) -> Bool {
        waiting.append(file)
        guard waiting.count >= batch else { return false }
        do { try takeInFlight() } catch {
            waiting = []  // later in the commit's order than the failure: not to be checked before it is thrown
            throw error
        }
        let files = waiting
        waiting = []
        let commit = commit
        nonisolated(unsafe) let packs = packs  // reads by pread into buffers of its own: safe on every core
        inFlight = (files, BackgroundWork { Self.outcomes(of: files, packs: packs, commit: commit) })
        return true
    }

    /// Takes what was checked of one subject folder: its records by id (each hashes to its id, is
    /// canonical and is filed under its subject's folder), the ids its entries gained (nil: its
    /// entries did not change), its name if its `subject` file was added. Only files added before the
    /// last check are there.
    mutating func take(_ folder: String) -> (records: [String: CheckedRecord], appended: [String]?, name: String?) {
        (checked.removeValue(forKey: folder) ?? [:], appended.removeValue(forKey: folder), names.removeValue(forKey: folder))
    }

    /// Waits for the batch being checked, if any. Throws its first failure in the commit's order: it
    /// comes before anything the walk found since.
    mutating func takeInFlight() throws(StoreError) {
        guard let (files, work) = inFlight.take() else { return }
        try keep(files, work.value)
    }

    /// Checks every file still waiting, after the batch being checked. Throws the first failure in
    /// the commit's order.
    mutating func checkWaiting() throws(StoreError) {
        try takeInFlight()
        let files = waiting
        waiting = []
        try keep(files, Self.outcomes(of: files, packs: packs, commit: commit))
    }

    private static func outcomes(of files: [File], packs: PackedBlobReader, commit: String) -> [Outcome] {
        nonisolated(unsafe) let packs = packs
        return ParallelShares.map(files, minimum: 512) { slice in
            slice.map { file -> Outcome in
                Self.outcome(of: file, commit: commit) { blob in blob.map { try? packs.read($0) } ?? Data() }
            }
        }
    }

    private mutating func keep(_ files: [File], _ outcomes: [Outcome]) throws(StoreError) {
        let read = read
        for (file, outcome) in zip(files, outcomes) {
            var unreadable: StoreError?
            let checked =
                outcome
                ?? Self.outcome(of: file, commit: commit) { blob in
                    do throws(StoreError) { return try read(blob) } catch {
                        unreadable = unreadable ?? error
                        return nil
                    }
                }
            if let unreadable { throw unreadable }
            guard let checked else { preconditionFailure("a blob read through libgit2 came back empty-handed") }
            switch try checked.get() {
            case .record(let id, let record): self.checked[file.folder, default: [:]][id] = record
            case .appended(let ids): appended[file.folder] = ids
            case .subjectName(let name): names[file.folder] = name
            }
        }
    }

    /// `file` checked with its blobs as `bytes` reads them; nil when one cannot be read that way.
    private static func outcome(of file: File, commit name: String, bytes: (git_oid?) -> Data?) -> Outcome {
        switch file.role {
        case .record(let id):
            guard let data = bytes(file.blob) else { return nil }
            return Result { () throws(StoreError) in
                .record(id: id, try CheckedRecord(path: file.path, folder: file.folder, id: id, bytes: data, commit: name))
            }
        case .entries(let previous, let shown):
            guard let old = bytes(previous), let new = bytes(file.blob) else { return nil }
            guard new.starts(with: old) else {
                return .failure(.tampered("\(name): the entries of \(shown) (\(file.path)) were rewritten, not appended to"))
            }
            let added = String(decoding: new.dropFirst(old.count), as: UTF8.self)
            return .success(.appended(added.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)))
        case .subjectName:
            guard let data = bytes(file.blob) else { return nil }
            let subject = String(decoding: data, as: UTF8.self)
            guard StoreLayout.subjectFolder(subject) == file.folder else {
                return .failure(.tampered("\(name): \(file.path) holds subject '\(subject)' of another folder"))
            }
            return .success(.subjectName(subject))
        }
    }
}
