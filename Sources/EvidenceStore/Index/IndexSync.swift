import EvidenceModel
import Foundation
internal import GRDB
import MerkleLog

/// What reading a record back from the index needs: its id, its bytes and its logged time.
struct StoredRow: Sendable {
    static let columns = "id, \(RecordPacking.bytesSQL) AS json, logged_at"

    let id: String
    let json: Data
    let loggedAt: Double

    /// A row whose bytes do not unpack (an edited index) reads as no bytes: not a record.
    init(_ row: Row) {
        self.init(id: row["id"], json: row["json"] ?? Data(), loggedAt: row["logged_at"])
    }

    init(id: String, json: Data, loggedAt: Double) {
        self.id = id
        self.json = json
        self.loggedAt = loggedAt
    }
}

/// How far a sync has got: root log entries indexed of those it found missing, and the records
/// they brought. Reported after each transaction, so a long catch-up can be shown as it goes.
public struct IndexSyncProgress: Sendable, Equatable {
    /// Root log entries the index lacked when this sync began.
    public let entries: Int
    /// Of those, the ones now indexed (committed).
    public let indexed: Int
    /// Records those entries added.
    public let records: Int

    public init(entries: Int, indexed: Int, records: Int) {
        self.entries = entries
        self.indexed = indexed
        self.records = records
    }
}

/// A sync transaction ends after this many root entries or records, whichever comes first: the
/// records bound keeps subjects with long histories from filling memory during a rebuild (256
/// entries of 4,000 records each were a million rows held at once).
struct SyncTransactionSize {
    var entries = 4096
    var records = 8192
    /// And once the records this process appended reach this many bytes (at the end of a subject
    /// head's): two windows are held at once, one saved while the next is walked, and 8,192 KMS
    /// keys of ~4 KB each were ~70 MB of a 100k-key collect's peak. Records read from git are
    /// bounded by count only: the window read ahead is planned before their sizes are known.
    var ownBytes = 16 << 20

    /// Whether a window holding `records` rows, `ownBytes` of them this process's, is full.
    func isFull(records: Int, ownBytes: Int) -> Bool { records >= self.records || ownBytes >= self.ownBytes }
}

extension EvidenceIndex {
    /// How far into HEAD's root log the index has read.
    struct LogState {
        var head = ""
        var rootSize = 0
        var rootRange = CompactRange()
    }

    /// Catches the index up with HEAD's signed log: reads the root log entries it has not read and,
    /// for each subject head among them, that subject's newly logged records, checking that they
    /// hash to the head's subject root. Nothing else of the store is read, so a record written by a
    /// side commit, or kept in the tree but outside the log, never enters the index.
    ///
    /// When what the index remembers no longer leads to HEAD's signed root (history rewritten, or
    /// the index edited), it starts over from the empty log.
    /// - Parameters:
    ///   - keys: the checkpoint must be signed by one of them (nil: not checked here).
    ///   - appended: records this process has just appended: their bytes are taken from where the
    ///     append left them, without reading the subjects' entries, paths and blobs back from git;
    ///     when they do not rebuild the signed heads, git is read as for any other record.
    ///   - progress: told after each committed transaction.
    /// - Returns: the number of records added.
    @discardableResult
    public func sync(
        with store: EvidenceStore, trusting keys: [NoteVerifierKey]? = nil, appended: AppendedRecords = .none,
        progress: (IndexSyncProgress) -> Void = { _ in }
    ) throws(StoreError) -> Int {
        guard let snapshot = try store.snapshot() else { return 0 }
        if let keys { try snapshot.verifySignature(trusting: keys) }
        let known = KnownRecords(appended)
        // Another process may index the same entries meanwhile: then start again from where it got,
        // for as long as the index moves on (giving up only when it stops moving).
        var stalled = 0
        var reached = try logState().rootSize
        while stalled < 8 {
            do { return try sync(to: snapshot, known: known, progress: progress) } catch SyncOutcome.anotherWriterMovedOn {
                let now = try logState().rootSize
                stalled = now > reached ? 0 : stalled + 1
                reached = max(reached, now)
            } catch let error as StoreError {
                throw error
            } catch { throw .index(path: path.path, reason: "\(error)") }
        }
        throw .index(path: path.path, reason: "another process kept indexing the same log")
    }

    enum SyncOutcome: Error { case anotherWriterMovedOn }

    private func sync(
        to snapshot: StoreSnapshot, known: KnownRecords, progress: (IndexSyncProgress) -> Void
    ) throws -> Int {
        let state = try logState()
        if state.head == snapshot.commit.id.hex { return 0 }
        let leads = try leadsToSignedRoot(state, snapshot)
        snapshot.closePacks()
        if leads { return try extend(from: state, snapshot, known: known, progress: progress) }
        try write { db in
            try db.execute(sql: "DELETE FROM record; DELETE FROM subject_log; DELETE FROM log_state; DELETE FROM store_commit")
        }
        guard try leadsToSignedRoot(LogState(), snapshot) else {
            throw StoreError.tampered("the root log at HEAD does not hash to its signed checkpoint (run 'vigil log verify')")
        }
        return try extend(from: LogState(), snapshot, known: known, progress: progress)
    }

    func logState() throws(StoreError) -> LogState {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT head, root_size, root_compact FROM log_state WHERE id = 1") else {
                return LogState()
            }
            let text: String = row["root_compact"]
            return LogState(head: row["head"], rootSize: row["root_size"], rootRange: CompactRange(text: text) ?? CompactRange())
        }
    }

    /// Whether the entries after `state` bring its root to the checkpoint's.
    private func leadsToSignedRoot(_ state: LogState, _ snapshot: StoreSnapshot) throws(StoreError) -> Bool {
        guard state.rootRange.size == state.rootSize, state.rootSize <= snapshot.checkpoint.size else { return false }
        var range = state.rootRange
        try snapshot.forEachRootEntry(from: state.rootSize) { _, entry throws(StoreError) in
            try proof { () throws(ProofError) in try range.append(leafHash: MerkleHash.leaf(entry)) }
        }
        return range.root == snapshot.checkpoint.rootHash
    }

    /// Indexes root log entries from `state` to the checkpoint, several thousand records per
    /// transaction, so an interrupted sync resumes where it stopped.
    private func extend(
        from state: LogState, _ snapshot: StoreSnapshot, known: KnownRecords, progress: (IndexSyncProgress) -> Void
    ) throws -> Int {
        var state = state
        var added = 0
        let (first, end) = (state.rootSize, snapshot.checkpoint.size)
        var cursor = KnownRecords.Cursor(known, at: first)
        // The next window, its records from git being read while this window's rows are saved.
        var ahead: (window: ArraySlice<Data>, reads: LoggedRecordReads.InFlight)?
        defer { _ = ahead?.reads.wait() }  // nothing reads on once the sync is over
        // The last window's rows, saved on another thread while this window is walked.
        var saving: SavingWindow?
        defer { _ = saving?.work.value }  // nothing writes on once the sync is over
        // The entries of the last window that it did not take (it was full first): the next one's.
        var rest: ArraySlice<Data> = []
        repeat {
            let window = try ahead?.window ?? (rest.isEmpty ? self.window(at: state.rootSize, upTo: end, of: snapshot) : rest)
            // A collect's own records are not read from git: what its window of tiles took of the
            // packs' indexes can go (``StoreSnapshot/closePacks()``).
            if !known.appended.isEmpty { snapshot.closePacks() }
            var subjectLogs = try subjectLogs(for: window, atRootSize: state.rootSize, saving: saving)
            let plan = known.plan(for: window, at: state.rootSize, logs: subjectLogs, cursor: cursor, limit: transactionSize)
            let prepared = known.prepare(plan.own)
            var logged = ahead?.reads.wait() ?? [:]
            ahead = nil
            logged.merge(LoggedRecordReads.read(plan.logged.filter { logged[$0] == nil }, at: snapshot)) { first, _ in first }
            var rows: [(record: IndexedRecord, loggedAt: Date?, leafIndex: Int)] = []
            var taken = 0
            var ownBytes = 0
            for entry in window {
                if transactionSize.isFull(records: rows.count, ownBytes: ownBytes) { break }
                guard let head = SubjectHead(leafBytes: entry) else {
                    throw StoreError.tampered("root log entry \(state.rootSize) is not a subject head")
                }
                var log = subjectLogs[head.subject] ?? (0, CompactRange())
                guard head.size > log.size else {
                    throw StoreError.tampered("root log entry \(state.rootSize): \(head.subject) at size \(head.size) does not follow its log")
                }
                // This process's own append of the subject, when its records rebuild the signed head:
                // the subject's entries list need not be read back from git (a twentieth of a collect).
                let own = cursor.take(entry: state.rootSize, count: head.size - log.size, of: known).flatMap {
                    known.records(at: $0, prepared: prepared)
                }
                var records = own?.map(\.record) ?? []
                var tree = log.tree
                if let own, (try? Self.extend(&tree, withLeaves: own.map(\.leaf))) == head.root {
                    log.tree = tree
                    ownBytes += own.reduce(0) { $0 + $1.record.byteCount }
                } else {
                    let leaves: [Data]
                    if let read = logged[LoggedRange(subject: head.subject, from: log.size, to: head.size)] {
                        (records, leaves) = (read.map(\.record), read.map(\.leaf))
                    } else {
                        let ids = try snapshot.entries(of: head.subject)
                        guard head.size <= ids.count else {
                            throw StoreError.tampered("root log entry \(state.rootSize): \(head.subject) at size \(head.size) does not follow its log")
                        }
                        // What this process wrote not rebuilding the head is no reason to stop: the store says.
                        records = try snapshot.indexedRecords(of: head.subject, ids: ids[log.size..<head.size])
                        leaves = try records.map { record throws(StoreError) in MerkleHash.leaf(try record.canonicalBytes()) }
                    }
                    guard try Self.extend(&log.tree, withLeaves: leaves) == head.root else {
                        throw StoreError.tampered("\(head.subject): its records do not hash to the subject head the root log signed")
                    }
                }
                for (offset, record) in records.enumerated() { rows.append((record, head.loggedAt, log.size + offset)) }
                log.size = head.size
                subjectLogs[head.subject] = log
                try proof { () throws(ProofError) in try state.rootRange.append(leafHash: MerkleHash.leaf(entry)) }
                state.rootSize += 1
                taken += 1
            }
            state.head = state.rootSize == end ? snapshot.commit.id.hex : ""
            // Not read from the store again by the next window: a window full before its last
            // entry (at its bytes of own records) left the rest to be read once more.
            rest = window.dropFirst(taken)
            // One writer at a time, in log order: the window before is saved first.
            if let before = saving.take() { progress(try before.saved()) }
            // Not for a collect's own records: planning ahead was a twenty-fifth of a collect, for nothing.
            if known.appended.isEmpty, state.rootSize < end {
                ahead = try readAhead(from: state.rootSize, to: end, logs: subjectLogs, snapshot: snapshot)
                rest = []
            }
            added += rows.count
            let from = state.rootSize - taken
            let indexed = IndexSyncProgress(entries: end - first, indexed: state.rootSize - first, records: added)
            if known.appended.isEmpty {
                // Reading records from git ahead keeps the other core busy already (saving on it too
                // made a rebuild 1.08x slower, and its memory another thread's).
                try save(rows: rows, subjectLogs: subjectLogs, state: state, from: from, commit: snapshot.commit)
                progress(indexed)
            } else {
                // A collect's own records are in hand: its next window is walked while this one is saved.
                saving = saveInBackground(rows: rows, subjectLogs: subjectLogs, state: state, from: from, commit: snapshot.commit, saved: indexed)
            }
        } while state.rootSize < end
        if let last = saving.take() { progress(try last.saved()) }
        return added
    }

    private static func extend(_ tree: inout CompactRange, withLeaves leaves: [Data]) throws(StoreError) -> Data {
        for leaf in leaves { try proof { () throws(ProofError) in try tree.append(leafHash: leaf) } }
        return tree.root
    }

    /// The root entries a transaction walks from `rootSize`: a window at a time, for the whole rest
    /// of the log at once held ~190 bytes an entry.
    private func window(at rootSize: Int, upTo end: Int, of snapshot: StoreSnapshot) throws(StoreError) -> ArraySlice<Data> {
        try snapshot.rootEntries(from: rootSize, to: min(rootSize + transactionSize.entries, end))[...]
    }

    /// The window after `rootSize`, with the records its entries will read from git being read on
    /// other threads: the index still holds the logs as they were before the window just walked,
    /// whose own logs are `logs`. Only a head start, as ``LoggedRecordReads`` is.
    private func readAhead(
        from rootSize: Int, to end: Int, logs: [String: (size: Int, tree: CompactRange)], snapshot: StoreSnapshot
    ) throws -> (window: ArraySlice<Data>, reads: LoggedRecordReads.InFlight) {
        let window = try self.window(at: rootSize, upTo: end, of: snapshot)
        let before = try storedSubjectLogs(for: window, walked: logs).logs
        let none = KnownRecords(.none)
        let plan = none.plan(for: window, at: rootSize, logs: before, cursor: .init(none, at: rootSize), limit: transactionSize)
        return (window, LoggedRecordReads.InFlight(plan.logged, at: snapshot))
    }

    /// The index's logs of the subjects these entries extend, read as they stand when the index has
    /// read `rootSize` root entries: another process indexing the same entries meanwhile has moved
    /// them on, and this batch starts again from where it got.
    ///
    /// While the window before is `saving`, the index holds its rows or not yet: its subjects' logs are
    /// taken as that window left them, and the others are the same either way.
    private func subjectLogs(
        for entries: ArraySlice<Data>, atRootSize rootSize: Int, saving: SavingWindow?
    ) throws -> [String: (size: Int, tree: CompactRange)] {
        let (logs, current) = try storedSubjectLogs(for: entries, walked: saving?.logs ?? [:])
        guard current == rootSize || current == saving?.from else { throw SyncOutcome.anotherWriterMovedOn }
        return logs
    }

    /// The logs of the subjects these entries extend, as `walked` has them or else as the index has
    /// them, and how many root entries the index has read.
    private func storedSubjectLogs(
        for entries: ArraySlice<Data>, walked: [String: (size: Int, tree: CompactRange)] = [:]
    ) throws -> (logs: [String: (size: Int, tree: CompactRange)], rootSize: Int) {
        let subjects = Set(entries.compactMap { SubjectHead(leafBytes: $0)?.subject })
        return try read { db in
            var logs: [String: (size: Int, tree: CompactRange)] = [:]
            // One prepared statement for the batch: compiling it per subject was a sixth of a rebuild.
            let lookup = try db.cachedStatement(sql: "SELECT size, compact FROM subject_log WHERE subject = ?")
            for subject in subjects {
                if let log = walked[subject] {
                    logs[subject] = log
                    continue
                }
                guard let row = try Row.fetchOne(lookup, arguments: [subject]), let tree = CompactRange(text: row["compact"])
                else { continue }
                logs[subject] = (row["size"], tree)
            }
            // In the same read transaction: the logs above belong to this root size.
            return (logs, try Int.fetchOne(db, sql: "SELECT root_size FROM log_state WHERE id = 1") ?? 0)
        }
    }
}
