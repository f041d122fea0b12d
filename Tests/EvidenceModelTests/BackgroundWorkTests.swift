import EvidenceModel
import Foundation
import Testing

/// Work done on another thread while the caller goes on.
struct BackgroundWorkTests {
    private final class Held: Sendable {}

    @Test func theValueIsWhatTheWorkMade() {
        let work = BackgroundWork { (1...1_000).reduce(0, +) }
        #expect(work.value == 500_500)
        #expect(work.value == 500_500)
    }

    /// What the work holds is let go before its value is handed over: an index the work saved into
    /// was closed on the other thread after the caller had gone on, and an index rebuild replacing
    /// that file at the same moment met "disk I/O error".
    @Test func whatTheWorkHeldIsGoneOnceItsValueIsHandedOver() {
        for _ in 0..<200 {
            weak var gone: Held?
            let work: BackgroundWork<Int>
            do {
                let held = Held()
                gone = held
                work = BackgroundWork { withExtendedLifetime(held) { 7 } }
            }
            #expect(work.value == 7)
            #expect(gone == nil)
        }
    }
}
