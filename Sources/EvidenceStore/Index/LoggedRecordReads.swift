import EvidenceModel
import Foundation
import MerkleLog

/// The records a subject's log gained from `from` to `to`: what one subject head of the root log
/// brings to the index.
struct LoggedRange: Hashable, Sendable {
    let subject: String
    let from: Int
    let to: Int
}

/// Reads logged ranges from git on every core, each core through its own snapshot of the same
/// commit: a snapshot's libgit2 objects serve one thread. Read one subject at a time, the records of
/// an index rebuild were two thirds of it on one core.
///
/// Only a head start: the sync still checks each range against its subject head. A range that
/// cannot be read here is left out and read again in turn, which then says why.
struct LoggedRecordReads {
    /// A record as the index takes it, with its Merkle leaf hash.
    typealias Read = EvidenceIndex.KnownRecords.Prepared

    /// Fewer records than this are read on the caller's thread, in turn: opening a snapshot per core
    /// costs more than it saves.
    static let minimum = 512

    /// The records of `ranges` at `snapshot`'s commit, by range; empty when they are too few to share.
    static func read(_ ranges: [LoggedRange], at snapshot: StoreSnapshot, lanes: Int = ParallelShares.lanes) -> [LoggedRange: [Read]] {
        let total = ranges.reduce(0) { $0 + $1.to - $1.from }
        guard lanes > 1, total >= minimum else { return [:] }
        let opened = (0..<lanes).compactMap { _ in try? snapshot.sibling() }
        guard opened.count == lanes else { return [:] }
        let shares = Self.shares(ranges, lanes: lanes, total: total)
        nonisolated(unsafe) let snapshots = opened  // each lane reads through only its own
        let results = ParallelShares.perLane(lanes) { lane in
            var read: [LoggedRange: [Read]] = [:]
            for range in shares[lane] {
                guard let records = Self.read(range, at: snapshots[lane]) else { continue }
                read[range] = records
            }
            return read
        }
        return results.reduce(into: [:]) { all, lane in all.merge(lane) { first, _ in first } }
    }

    /// Reads begun on another thread, taken when wanted: the next window's, while this one's rows
    /// are saved.
    struct InFlight {
        private let work: BackgroundWork<[LoggedRange: [Read]]>

        init(_ ranges: [LoggedRange], at snapshot: StoreSnapshot) {
            nonisolated(unsafe) let snapshot = snapshot  // only its commit and path are read, to open others
            work = BackgroundWork { LoggedRecordReads.read(ranges, at: snapshot) }
        }

        func wait() -> [LoggedRange: [Read]] { work.value }
    }

    /// `ranges` cut into `lanes` runs in order, of about as many records each.
    private static func shares(_ ranges: [LoggedRange], lanes: Int, total: Int) -> [[LoggedRange]] {
        var shares = [[LoggedRange]](repeating: [], count: lanes)
        var taken = 0
        for range in ranges {
            let lane = min(lanes - 1, taken * lanes / max(total, 1))
            shares[lane].append(range)
            taken += range.to - range.from
        }
        return shares
    }

    /// One range's records, each checked to hash to its id and to be about its subject; nil when
    /// the subject's log does not list them or one cannot be read.
    private static func read(_ range: LoggedRange, at snapshot: StoreSnapshot) -> [Read]? {
        guard let ids = try? snapshot.entries(of: range.subject), range.from >= 0, range.from <= range.to, range.to <= ids.count,
            let records = try? snapshot.indexedRecords(of: range.subject, ids: ids[range.from..<range.to])
        else { return nil }
        var read: [Read] = []
        read.reserveCapacity(records.count)
        for record in records {
            guard let bytes = try? record.canonicalBytes() else { return nil }
            read.append((record, MerkleHash.leaf(bytes)))
        }
        return read
    }
}
