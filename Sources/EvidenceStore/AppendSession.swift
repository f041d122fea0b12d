import EvidenceModel
import Foundation

/// What a whole append session wrote.
public struct SessionResult: Sendable {
    /// The last commit of the session (HEAD now), or nil when everything was already stored.
    public let commit: StoreCommit?
    /// What the index needs of every record added, in root log order (their bytes left in the spool).
    public let added: AppendedRecords
    public let alreadyStored: Int
    /// How many root log entries the session's commits added: each commit logs every subject it
    /// touches once, so a subject in several commits counts once per commit.
    public let rootEntries: Int
}

/// One collect's append, fed input by input as the collectors read them, so that memory holds one
/// batch of records and not the whole run.
///
/// Records are staged as a chain of commits of at most `recordsPerCommit` records, and of about
/// ``bytesPerCommit`` of record bytes, each (each its own
/// pack, its subject logs extended and its checkpoint signed, exactly as ``EvidenceStore/append``
/// writes one), and HEAD moves once, in ``finish(message:)``, to the last of them: a crash or an
/// error before that leaves HEAD where it was, with at worst unreferenced packs for `vigil gc`.
/// An input that fails after some of its records were staged is taken back whole
/// (``abandonInput()``): the chain returns to where that input began.
///
/// A full batch is staged on another thread while the caller reads the next one: the store is
/// touched by one thread at a time, since every other step waits for that commit first (`settle()`).
public struct AppendSession {
    private let store: EvidenceStore
    private let signing: LogSigning
    private let time: Date
    private let recordsPerCommit: Int
    /// A commit also ends once its records' bytes reach this (at the end of a record): what staging
    /// holds follows the records it stages, and 262,144 KMS keys of ~1.7 KB each (their responses
    /// kept whole) peaked near 1 GB where as many Boulder decisions of ~700 bytes stay under 400 MB.
    /// Not lower: a commit is staged while the next is read, so two smaller commits held more than
    /// one (200k Boulder decisions, 140 MB, cut in two at 128 MiB: 252 → 336 MiB, and 1.5× the objects).
    var bytesPerCommit = 256 << 20
    private let start: GitObjectID?
    /// Where the bytes of records waiting for their commit are kept: a file, not memory.
    private let spool: RecordSpool

    /// Where the chain stands: its last commit, and what waits for the next one.
    private struct Position {
        var tip: GitObjectID?
        var commits = 0
        var pending: [SpooledRecord] = []
        /// The bytes of the records in `pending`.
        var pendingBytes = 0
        var pendingRaws: [RawInput] = []
        /// How many records the last full batch held: the next is sized for as many.
        var lastBatchCount = 1 << 14
        var added = 0
        var alreadyStored = 0
        var rootEntries = 0
    }

    /// Where an input began. The records and raw inputs waiting then are counted, not copied: a copy
    /// shared the waiting arrays, so that the input's first append copied them whole, every input
    /// (a folder of 10,000 fwupd files took 24 s, quadratic). They are copied once, and only when a
    /// commit staged during the input takes them.
    private struct InputStart {
        /// The position then, without its waiting records and raw inputs.
        var position: Position
        var pendingCount: Int
        var rawsCount: Int
        /// The records and raw inputs waiting then, once a commit staged during the input took them.
        var taken: (pending: [SpooledRecord], raws: [RawInput])?
    }

    private var position: Position
    /// Where the current input began, to go back to if it fails.
    private var inputStart: InputStart?
    /// The full batch being staged on another thread, nil when none is: its commit is the next one's
    /// parent, so it is waited for (``settle()``) before any other step of the chain.
    private var inFlight: BackgroundWork<Result<EvidenceStore.StagedCommit<SpooledRecord>, StoreError>>?
    /// Why a commit staged on another thread failed, for the next step to throw.
    private var failure: StoreError?
    /// Every record added so far, in root log order, as the index will take them
    /// (``finish(message:)``): 16 bytes each here, where a ``WrittenRecord`` is 32, held through
    /// every later commit's staging. No subject names: the index reads them from the records.
    private var added: [AddedRecord] = []
    /// The root log's size before the session's first commit: the entry `added` begins at.
    private var fromRootEntry: Int?
    /// The subjects of the batch being filled, each name once so that its records share it: kept
    /// for the run, 400k keys' names were ~70 MB through every commit's staging and the index sync.
    private var batchSubjects: Set<String> = []

    private struct AddedRecord {
        let length: UInt32
        let offset: Int64
    }

    /// `name`, shared with the batch's other records of the subject.
    private mutating func shared(_ name: String) -> String {
        batchSubjects.insert(name).memberAfterInsert
    }

    /// Starts a session on top of the store's HEAD.
    public init(store: EvidenceStore, signing: LogSigning, at time: Date, recordsPerCommit: Int) throws(StoreError) {
        self.store = store
        self.signing = signing
        self.time = time
        self.recordsPerCommit = max(1, recordsPerCommit)
        start = try store.headID.map(GitObjectID.init)
        position = Position(tip: start)
        spool = try RecordSpool(in: store.path)
    }

    /// Begins one input: its raw bytes are stored with the first commit staged from now on.
    public mutating func beginInput(raw: RawInput) {
        // Where the input begins is a settled chain: a commit in flight holds earlier inputs' records.
        try? settle()  // a failure is kept, for the next step to throw
        var start = position
        (start.pending, start.pendingRaws) = ([], [])
        inputStart = InputStart(position: start, pendingCount: position.pending.count, rawsCount: position.pendingRaws.count)
        position.pendingRaws.append(raw)
    }

    public mutating func beginInput(raw: Data) { beginInput(raw: .bytes(raw)) }

    /// Stores `raw` with the first commit staged from now on, whatever becomes of the inputs after it:
    /// an input whose records the coming ones name (a merged run's other files).
    public mutating func share(raw: RawInput) {
        position.pendingRaws.append(raw)
    }

    /// Adds records of the current input, staging a commit each time a batch is full. Only what
    /// staging needs of them is kept (``SpooledRecord``): their parsed data is let go here, and
    /// their bytes wait in the spool.
    public mutating func add(_ records: [EvidenceRecord]) throws(StoreError) {
        if let failure { throw failure }  // a commit in flight is waited for once the next batch is full
        for record in records {
            if position.pending.count == recordsPerCommit || position.pendingBytes >= bytesPerCommit {
                // Moved out whole, not copied: copying the batch held it twice.
                let batch = position.pending
                position.pending = []
                batchSubjects = []
                position.pendingBytes = 0
                position.lastBatchCount = batch.count
                if let start = inputStart, start.taken == nil {
                    inputStart?.taken = (Array(batch.prefix(start.pendingCount)), Array(position.pendingRaws.prefix(start.rawsCount)))
                }
                try settle()
                startStaging(
                    batch,
                    message: "collect: part \(position.commits + 1), \(batch.count) records "
                        + "(the run's summary is on its last commit)\n")
            }
            // Sized for a batch like the last full one: grown by doubling, a full batch sat in an
            // array of twice its size, and was copied as it grew (~50 MB of a commit of 262,144
            // records); sized for `recordsPerCommit`, a batch that its bytes end early (84k keys)
            // sat in one for 262,144, as did the next while the first was staged (42 MB).
            if position.pending.isEmpty { position.pending.reserveCapacity(min(recordsPerCommit, position.lastBatchCount)) }
            // Its subject shared with the batch's other records of it: each record's own copy of
            // the name was ~20 MB of a 1M-line Boulder collect's peak (50k domains, 262,144 a batch).
            let spooled = try SpooledRecord(record, subject: shared(record.subject), spool: spool)
            position.pending.append(spooled)
            position.pendingBytes += spooled.place.count
        }
    }

    /// Waits for the commit being staged on another thread, if any: until then the store is the
    /// session's, and nothing else may read or write it.
    public mutating func waitForStaging() throws(StoreError) {
        try settle()
    }

    /// Takes back everything of the current input: its records and raw bytes, staged or not.
    public mutating func abandonInput() {
        guard let start = inputStart else { return }
        // The commit on the other thread may hold this input's records: it is dropped with them.
        try? settle()  // a failure is kept, for the next step to throw
        var restored = start.position
        if let taken = start.taken {
            (restored.pending, restored.pendingRaws) = taken
        } else {
            position.pending.removeLast(position.pending.count - start.pendingCount)
            position.pendingRaws.removeLast(position.pendingRaws.count - start.rawsCount)
            (restored.pending, restored.pendingRaws) = (position.pending, position.pendingRaws)
        }
        position = restored
        added.removeLast(added.count - start.position.added)
        inputStart = nil
    }

    /// Stages what is pending as the last commit, with `message`, and moves HEAD to it.
    public mutating func finish(message: String) throws(StoreError) -> SessionResult {
        inputStart = nil
        try settle()
        if !position.pending.isEmpty || !position.pendingRaws.isEmpty {
            // On this thread: nothing is left to read meanwhile, and its memory is this thread's to reuse.
            let last = staging(position.pending, message: message)
            position.pending = []
            try settle(last())
        }
        guard let tip = position.tip, tip != start else {
            return SessionResult(commit: nil, added: .none, alreadyStored: position.alreadyStored, rootEntries: 0)
        }
        try store.advanceHead(to: tip.oid, from: start?.oid, message: message)
        let commit = try gitCall { () throws(GitError) in try store.storeCommit(tip.oid) }
        // Let go as it is handed on: the session outlives the index sync that takes these.
        defer { (added, batchSubjects) = ([], []) }
        let written = added.map { record in
            WrittenRecord(bytes: .spooled(spool, RecordSpool.Place(offset: record.offset, count: Int(record.length))))
        }
        return SessionResult(
            commit: commit, added: AppendedRecords(written, fromRootEntry: fromRootEntry ?? 0), alreadyStored: position.alreadyStored,
            rootEntries: position.rootEntries)
    }

    /// Stages `records` and the raw inputs waiting as the chain's next commit, on another thread.
    /// - Precondition: no commit is in flight (``settle()``): the chain's tip is this one's parent.
    private mutating func startStaging(_ records: [SpooledRecord], message: String) {
        inFlight = BackgroundWork(staging(records, message: message))
    }

    /// The work of staging `records` and the raw inputs waiting as the chain's next commit, to run on
    /// any thread, one at a time: until it is settled, the caller only reads input.
    private mutating func staging(
        _ records: [SpooledRecord], message: String
    ) -> @Sendable () -> Result<EvidenceStore.StagedCommit<SpooledRecord>, StoreError> {
        nonisolated(unsafe) let writer = store
        let (parent, signing, time) = (position.tip, signing, time)
        // Handed on, not captured: the closure would hold every raw input's bytes until it is gone.
        let raws = RawInputsHandOff(position.pendingRaws)
        position.pendingRaws = []
        return {
            defer {
                // The commit's staging tables are gone, and the packs read for it are closed: libgit2
                // holds state per open pack, and each commit adds a pack.
                writer.repository.closePacks()
                FreedMemory.release()
            }
            return Result { () throws(StoreError) in
                try writer.packedCommit(records: records, rawInputs: raws.take(), parent: parent?.oid, message: message, at: time, signing: signing)
            }
        }
    }

    /// Waits for the commit in flight, if any, and moves the chain on to it.
    private mutating func settle() throws(StoreError) {
        if let failure { throw failure }
        guard let work = inFlight else { return }
        inFlight = nil
        try settle(work.value)
    }

    /// Moves the chain on to a staged commit. A commit that failed fails the session: its records are
    /// lost to the chain, so no later commit may be staged.
    private mutating func settle(_ staged: Result<EvidenceStore.StagedCommit<SpooledRecord>, StoreError>) throws(StoreError) {
        let result: EvidenceStore.StagedCommit<SpooledRecord>
        do { result = try staged.get() } catch {
            failure = error
            throw error
        }
        position.alreadyStored += result.alreadyStored
        guard let commit = result.commit else { return }
        position.tip = commit.id
        position.commits += 1
        position.added += result.added.count
        position.rootEntries += Set(result.added.map(\.subject)).count
        // Every commit of the chain is on the session's start: the first one's root size is theirs.
        fromRootEntry = fromRootEntry ?? result.rootSizeBefore
        // Their bytes stay in the spool, where the index reads them: nothing is read back from git.
        for record in result.added { added.append(AddedRecord(length: UInt32(record.place.count), offset: record.place.offset)) }
    }
}
