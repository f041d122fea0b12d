import Foundation

/// Work over many independent items, one contiguous share per core (at most 8), results in the
/// items' order. Parsing records is most of a check and of `log verify`, and each record parses alone.
public enum ParallelShares {
    /// How many shares a large enough map makes: one per core, at most 8.
    public static var lanes: Int { max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8)) }

    /// `transform` applied to every share of `items`, concatenated in order; one share when there
    /// are fewer than `minimum` items. The first failure in the items' order is thrown.
    public static func map<Item: Sendable, Output, Failure: Error>(
        _ items: [Item], minimum: Int, _ transform: @Sendable (ArraySlice<Item>) throws(Failure) -> [Output]
    ) throws(Failure) -> [Output] {
        let shares = items.count < minimum ? 1 : lanes
        let size = (items.count + shares - 1) / shares
        let results = perLane(shares) { share in
            let slice = items[min(share * size, items.count)..<min((share + 1) * size, items.count)]
            return Result { () throws(Failure) in try transform(slice) }
        }
        var outputs: [Output] = []
        outputs.reserveCapacity(items.count)
        for share in results { outputs += try share.get() }
        return outputs
    }

    /// `body` run once for each of `count` lanes at once, its results in the lanes' order: for work
    /// whose lanes each need something of their own (a snapshot of the store per thread).
    public static func perLane<Output>(_ count: Int, _ body: @Sendable (Int) -> Output) -> [Output] {
        [Output](unsafeUninitializedCapacity: count) { buffer, initialized in
            nonisolated(unsafe) let buffer = buffer  // each lane writes only its own slot
            DispatchQueue.concurrentPerform(iterations: count) { lane in buffer.initializeElement(at: lane, to: body(lane)) }
            initialized = count
        }
    }
}
