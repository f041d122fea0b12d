import EvidenceModel
import Foundation

/// What a streaming collector has read and not yet handed over: made into records a batch at a
/// time, each batch's records serialized and hashed on every core (most of making a record).
struct WaitingRecords {
    let kind: String
    let collector: String
    let origin: EvidenceOrigin
    let input: CollectorInput
    /// Each record's data is made with it, on every core too (an MPIC response's was a twentieth of its collect).
    private var waiting: [(subject: String, observedAt: Date, data: @Sendable () -> [String: JSONValue])] = []

    init(kind: String, collector: String, origin: EvidenceOrigin, input: CollectorInput) {
        self.kind = kind
        self.collector = collector
        self.origin = origin
        self.input = input
    }

    /// Adds one record's content, handing the batch to `emit` once it is full.
    mutating func add(
        subject: String, observedAt: Date? = nil, data: @escaping @autoclosure @Sendable () -> [String: JSONValue],
        emit: ([EvidenceRecord]) throws(CollectionFailure) -> Void
    ) throws(CollectionFailure) {
        waiting.append((subject, observedAt ?? input.observedAt, data))
        if waiting.count >= input.recordsPerBatch { try hand(to: emit) }
    }

    /// Hands what waits to `emit` as records, in the order added.
    mutating func hand(to emit: ([EvidenceRecord]) throws(CollectionFailure) -> Void) throws(CollectionFailure) {
        let batch = waiting
        waiting.removeAll(keepingCapacity: true)
        let (kind, collector, origin, source) = (kind, collector, origin, input.source)
        try emit(
            ParallelShares.map(batch, minimum: 256) { share in
                share.map { subject, observedAt, data in
                    EvidenceRecord(
                        kind: kind, subject: subject, observedAt: observedAt, collector: collector, origin: origin,
                        source: source, data: data())
                }
            })
    }
}
