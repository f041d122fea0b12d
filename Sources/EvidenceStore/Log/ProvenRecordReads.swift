import EvidenceModel
import Foundation
import MerkleLog

/// What ``ProvenRecordReads`` read of one subject.
public struct ProvenRecords: Sendable {
    /// The subject's records as its log lists them at the snapshot (its `entries`).
    public let listed: [String]
    /// The records asked for and their proofs, in the order asked; empty when one is not listed.
    public let records: [EvidenceRecord]
    public let proofs: [RecordProof]
}

/// Subjects' records read and proven at one commit on every core, each core through its own
/// snapshot of that commit (a snapshot's libgit2 objects serve one thread): `bundle export` read
/// and proved one subject after another on one core, half of its time.
///
/// Each subject is read as ``StoreSnapshot/entries(of:)``, ``StoreSnapshot/records(of:ids:)`` and
/// ``EvidenceStore/recordProofs(ids:subject:in:known:)`` read it alone; the results, and the first
/// failure, come in the subjects' order.
public struct ProvenRecordReads {
    /// One snapshot per lane: the caller's first, then siblings.
    private let snapshots: [StoreSnapshot]

    /// Fewer subjects than this are read on the caller's thread.
    static let minimum = 64

    /// Reads through `snapshot` and, with more than one lane, a sibling of it per other lane.
    public init(_ snapshot: StoreSnapshot, lanes: Int = ParallelShares.lanes) throws(StoreError) {
        var snapshots = [snapshot]
        for _ in 1..<max(1, lanes) { snapshots.append(try snapshot.sibling()) }
        self.snapshots = snapshots
    }

    /// Each of `wanted`'s subjects' listed records, and the records asked for with their proofs.
    public func read(_ wanted: [(subject: String, ids: [String])]) throws(StoreError) -> [ProvenRecords] {
        guard snapshots.count > 1, wanted.count >= Self.minimum else {
            return try wanted.map { subject, ids throws(StoreError) in try Self.read(subject, ids, at: snapshots[0]) }
        }
        let lanes = snapshots.count
        let size = (wanted.count + lanes - 1) / lanes
        nonisolated(unsafe) let laneSnapshots = snapshots  // each lane reads through only its own
        let shares = ParallelShares.perLane(lanes) { lane -> [Result<ProvenRecords, StoreError>] in
            let share = wanted[min(lane * size, wanted.count)..<min((lane + 1) * size, wanted.count)]
            var read: [Result<ProvenRecords, StoreError>] = []
            for (subject, ids) in share {
                read.append(Result { () throws(StoreError) in try Self.read(subject, ids, at: laneSnapshots[lane]) })
                // A lane stops at its first failure: the subjects after it are not reached in turn either.
                if case .failure = read.last { break }
            }
            return read
        }
        var all: [ProvenRecords] = []
        all.reserveCapacity(wanted.count)
        for share in shares {
            for read in share { all.append(try read.get()) }
        }
        return all
    }

    private static func read(_ subject: String, _ ids: [String], at snapshot: StoreSnapshot) throws(StoreError) -> ProvenRecords {
        let listed = try snapshot.entries(of: subject)
        let known = Set(listed)
        guard ids.allSatisfy(known.contains) else { return ProvenRecords(listed: listed, records: [], proofs: []) }
        let records = try snapshot.records(of: subject, ids: ids[...])
        let proofs = try snapshot.store.recordProofs(ids: ids, subject: subject, in: snapshot, known: records)
        return ProvenRecords(listed: listed, records: records, proofs: proofs)
    }
}
