import EvidenceModel

/// The values of `count` positions, read on other threads a few positions ahead of the one taken,
/// and handed over in order as each is read.
///
/// A run's inputs read on every core and held until the last was read held them all at once: at
/// 400k KMS keys, three inputs' responses (115 MB) sat beside the join they were waiting for. Read
/// ahead, an input is handed over (and let go) while the ones after it are still being read.
struct ReadAhead<Value: Sendable> {
    private let count: Int
    private let depth: Int
    private let read: @Sendable (Int) -> Value
    /// Reads started and not yet taken, in order of position.
    private var reading: [BackgroundWork<Value>] = []
    private var started = 0

    /// - Parameter depth: how many positions are read at once (one per core, by default).
    init(count: Int, depth: Int = ParallelShares.lanes, read: @escaping @Sendable (Int) -> Value) {
        self.count = count
        self.depth = max(1, depth)
        self.read = read
    }

    /// The next position's value, once read; nil after the last.
    mutating func next() -> Value? {
        startReads()
        guard !reading.isEmpty else { return nil }
        let value = reading.removeFirst().value
        // The next read starts now, while the caller works on this value.
        startReads()
        return value
    }

    private mutating func startReads() {
        while started < count, reading.count < depth {
            let (position, read) = (started, read)
            reading.append(BackgroundWork { read(position) })
            started += 1
        }
    }
}
