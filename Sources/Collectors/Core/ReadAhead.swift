import Dispatch
import EvidenceModel

/// The values of `count` positions, read on other threads a few positions ahead of the one taken,
/// and handed over in order as each is read.
///
/// A run's inputs read on every core and held until the last was read held them all at once: at
/// 400k KMS keys, three inputs' responses (115 MB) sat beside the join they were waiting for. Read
/// ahead, an input is handed over (and let go) while the ones after it are still being read.
///
/// One position more than `depth` is asked for at a time, its read waiting for a core: a short
/// input read beside a long one otherwise left a core idle until the long one was taken (400k
/// keys' rotation statuses beside their descriptions: a collect's wall time 1.08×).
struct ReadAhead<Value: Sendable> {
    private let count: Int
    private let depth: Int
    private let read: @Sendable (Int) -> Value
    /// Reads asked for and not yet taken, in order of position.
    private var reading: [BackgroundWork<Value>] = []
    private var started = 0
    /// A core for each of `depth` reads.
    private let cores: DispatchSemaphore

    /// - Parameter depth: how many positions are read at once (one per core, by default).
    init(count: Int, depth: Int = ParallelShares.lanes, read: @escaping @Sendable (Int) -> Value) {
        self.count = count
        self.depth = max(1, depth)
        self.read = read
        cores = DispatchSemaphore(value: self.depth)
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
        while started < count, reading.count <= depth {
            let (position, read, cores) = (started, read, cores)
            reading.append(
                BackgroundWork {
                    cores.wait()
                    defer { cores.signal() }
                    return read(position)
                })
            started += 1
        }
    }
}
