import EvidenceModel
import EvidenceStore
import Foundation

/// One collector commit's records as the sequencer read them: each file with the record it parsed
/// to (or why it did not), and the raw inputs they name as that commit's tree holds them.
struct CollectedCommit {
    let branch: String
    let commit: String
    let files: [(file: CollectedFile, parsed: Result<EvidenceRecord, CollectedRecordRejection>)]
    let rawInputs: [String: Data]
}

/// What one `vigil sequence` run takes from the collectors' branches, in the order it was offered
/// (branch name, then commits oldest first, then records in path order): verified records, each
/// once, the raw inputs they rest on, and one line per rejected record.
///
/// A pure value: the pipeline reads the branches and appends what it gathered.
struct SequenceBatch {
    struct Tally: Equatable {
        /// Records offered by the branch that passed verification (logged now, or already).
        var verified = 0
        /// Records already offered earlier in this run (by this or another branch).
        var repeated = 0
        var rejected = 0
    }

    let now: Date
    let clockSkew: TimeInterval
    private(set) var records: [EvidenceRecord] = []
    private(set) var rawInputs: [Data] = []
    private(set) var rejections: [String] = []
    private(set) var tallies: [String: Tally] = [:]
    /// The branch that first offered each record taken.
    private(set) var offeredBy: [String: String] = [:]
    private var rawTaken: Set<String> = []

    init(now: Date, clockSkew: TimeInterval) {
        self.now = now
        self.clockSkew = clockSkew
    }

    /// Verifies a commit's records and takes those not taken before; rejects the others with the
    /// branch, the commit, the file and the reason.
    mutating func admit(_ collected: CollectedCommit) {
        var tally = tallies[collected.branch, default: Tally()]
        defer { tallies[collected.branch] = tally }
        let rawProblems = Self.rawProblems(collected.rawInputs)
        for (file, parsed) in collected.files {
            let checked = parsed.flatMap { record in
                verify(record, rawInputs: collected.rawInputs, rawProblems: rawProblems).map { record }
            }
            switch checked {
            case .failure(let rejection):
                tally.rejected += 1
                rejections.append(
                    UntrustedText.escaped(
                        "collect/\(collected.branch) commit \(collected.commit): \(file.path): \(rejection.reason)"))
            case .success(let record):
                guard offeredBy[record.id] == nil else {
                    tally.repeated += 1
                    continue
                }
                tally.verified += 1
                offeredBy[record.id] = collected.branch
                records.append(record)
                for digest in record.rawInputDigests where rawTaken.insert(digest).inserted {
                    if let raw = collected.rawInputs[digest] { rawInputs.append(raw) }
                }
            }
        }
    }

    /// Raw inputs are named by their SHA-256; one stored under another name cannot vouch for anything.
    private static func rawProblems(_ rawInputs: [String: Data]) -> [String: String] {
        var problems: [String: String] = [:]
        for (digest, data) in rawInputs where SHA256Hex.of(data) != digest {
            problems[digest] = "raw input raw/\(digest) does not hash to its name"
        }
        return problems
    }

    /// The checks beyond the record's own bytes: its raw inputs are on the branch, and it is not
    /// dated ahead of the sequencer's clock (the same gate as `collect`).
    private func verify(
        _ record: EvidenceRecord, rawInputs: [String: Data], rawProblems: [String: String]
    )
        -> Result<Void, CollectedRecordRejection>
    {
        for digest in record.rawInputDigests {
            if let problem = rawProblems[digest] { return .failure(.init(problem)) }
            guard rawInputs[digest] != nil else {
                return .failure(.init("raw input raw/\(digest) it names is not on the branch"))
            }
        }
        if let ahead = ObservationClock.aheadOfClock(record, now: now, skew: clockSkew) { return .failure(.init(ahead)) }
        return .success(())
    }
}

/// Why a collected record is not logged, without the branch and commit (the batch adds them).
struct CollectedRecordRejection: Error, Equatable {
    let reason: String

    init(_ reason: String) { self.reason = reason }
}

extension CollectedRecordRejection {
    /// Reads a collected file as a record: its bytes must hash to the id it is stored under, be the
    /// canonical form of the record they parse to, sit in that record's subject folder, and pass the
    /// gate every collected record passes (``EvidenceRecord/nameProblem``).
    static func record(from file: CollectedFile) -> Result<EvidenceRecord, CollectedRecordRejection> {
        guard let id = StoreLayout.recordID(inPath: file.path) else { return .failure(.init("not a record path")) }
        let digest = SHA256Hex.of(file.bytes)
        guard digest == id else { return .failure(.init("its bytes hash to \(digest), not to its id")) }
        let record: EvidenceRecord
        do { record = try EvidenceRecord(canonicalData: file.bytes) } catch {
            return .failure(.init(error.description))
        }
        guard record.canonicalData == file.bytes else { return .failure(.init("not in canonical form")) }
        guard StoreLayout.recordPath(subject: record.subject, id: id) == file.path else {
            return .failure(.init("stored outside the folder of its subject"))
        }
        if let problem = record.nameProblem { return .failure(.init(problem)) }
        return .success(record)
    }
}
