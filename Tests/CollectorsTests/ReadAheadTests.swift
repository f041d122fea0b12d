import Foundation
import Testing

@testable import Collectors

/// Inputs read a few ahead of the one taken, handed over in order.
struct ReadAheadTests {
    /// The positions whose reads have started.
    final class Started: @unchecked Sendable {
        private let lock = NSLock()
        private var positions: Set<Int> = []
        func add(_ position: Int) { lock.withLock { _ = positions.insert(position) } }
        var count: Int { lock.withLock { positions.count } }
    }

    @Test func valuesComeInOrderWithAtMostDepthReadsAhead() {
        let started = Started()
        var reads = ReadAhead(count: 6, depth: 2) { position in
            started.add(position)
            // Later positions read faster: the order handed over is still the positions'.
            Thread.sleep(forTimeInterval: Double(6 - position) / 1_000)
            return position * 10
        }
        #expect(started.count == 0, "nothing is read before the first value is asked for")
        var values: [Int] = []
        while let value = reads.next() {
            values.append(value)
            // The value taken, and the `depth` after it: no more, however fast they read.
            #expect(started.count <= min(values.count + 2, 6))
        }
        #expect(values == [0, 10, 20, 30, 40, 50])
        #expect(reads.next() == nil)
    }

    @Test func oneAtATimeAndNone() {
        var one = ReadAhead(count: 3, depth: 1) { $0 }
        #expect([one.next(), one.next(), one.next(), one.next()] == [0, 1, 2, nil])
        var none = ReadAhead(count: 0) { $0 }
        #expect(none.next() == nil)
    }
}
