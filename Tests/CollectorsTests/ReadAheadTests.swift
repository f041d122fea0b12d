import Foundation
import Testing

@testable import Collectors

/// Inputs read a few ahead of the one taken, handed over in order.
struct ReadAheadTests {
    /// The positions whose reads have started, and how many ran at once at most.
    final class Started: @unchecked Sendable {
        private let lock = NSLock()
        private var positions: Set<Int> = []
        private var running = 0
        private(set) var mostAtOnce = 0
        func begin(_ position: Int) {
            lock.withLock {
                positions.insert(position)
                running += 1
                mostAtOnce = max(mostAtOnce, running)
            }
        }
        func end() { lock.withLock { running -= 1 } }
        var count: Int { lock.withLock { positions.count } }
    }

    @Test func valuesComeInOrderWithAFewReadsAhead() {
        let started = Started()
        var reads = ReadAhead(count: 8, depth: 2) { position in
            started.begin(position)
            defer { started.end() }
            // Later positions read faster: the order handed over is still the positions'.
            Thread.sleep(forTimeInterval: Double(8 - position) / 1_000)
            return position * 10
        }
        #expect(started.count == 0, "nothing is read before the first value is asked for")
        var values: [Int] = []
        while let value = reads.next() {
            values.append(value)
            // The value taken, and `depth + 1` after it: no more, however fast they read.
            #expect(started.count <= min(values.count + 3, 8))
        }
        #expect(values == [0, 10, 20, 30, 40, 50, 60, 70])
        #expect(started.mostAtOnce <= 2, "no more than `depth` reads at once")
        #expect(reads.next() == nil)
    }

    /// A short read beside a long one: the next starts as soon as the short one ends, not once the
    /// long one is taken.
    @Test func aCoreFreedStartsTheNextRead() {
        let started = Started()
        var reads = ReadAhead(count: 3, depth: 2) { position in
            started.begin(position)
            defer { started.end() }
            guard position == 0 else { return 0 }
            Thread.sleep(forTimeInterval: 0.3)
            return started.count  // how many reads had begun by the end of the long one
        }
        #expect(reads.next() == 3, "the third read began while the first was still read")
        #expect([reads.next(), reads.next(), reads.next()] == [0, 0, nil])
    }

    @Test func oneAtATimeAndNone() {
        var one = ReadAhead(count: 3, depth: 1) { $0 }
        #expect([one.next(), one.next(), one.next(), one.next()] == [0, 1, 2, nil])
        var none = ReadAhead(count: 0) { $0 }
        #expect(none.next() == nil)
    }
}
