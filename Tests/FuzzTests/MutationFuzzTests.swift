import Foundation
import MessageLeaks
import Testing
import VigilTestSupport

/// A seeded mutation fuzzer over every parser of untrusted bytes (``FuzzTargets``), since
/// `swift build -Xswiftc -sanitize=fuzzer` cannot link a SwiftPM executable here.
///
/// Each iteration mutates a corpus file (``Mutator``) and feeds the mutant to every target. A crash
/// kills the test process; a target must otherwise return, refuse with a message that shows no
/// internals (``MessageLeaks``), and take less than ``slowLimit``. `make test` runs 1500 iterations
/// (about 20 s in a debug build); a long run:
///
///     VIGIL_FUZZ_ITERATIONS=1000000 VIGIL_FUZZ_SEED=7 swift test --filter MutationFuzzTests
///
/// `VIGIL_FUZZ_TRACE=FILE` writes each mutant to FILE before it is parsed, so the input of a crash
/// is left behind.
struct MutationFuzzTests {
    static let environment = ProcessInfo.processInfo.environment
    static let iterations = environment["VIGIL_FUZZ_ITERATIONS"].flatMap(Int.init) ?? 1500
    static let seed = environment["VIGIL_FUZZ_SEED"].flatMap(UInt64.init) ?? 14
    /// Generous for a debug build on a loaded machine; a quadratic parser blows through it.
    static let slowLimit: TimeInterval = 5

    @Test func everyParserReturnsOrRefusesWithAMessageInBoundedTime() throws {
        let corpus = FuzzCorpus.files()
        #expect(corpus.count > 50, "the corpus is the repository's fixtures and sample evidence")
        let mutator = Mutator(corpus: corpus)
        var random = SeededRandom(seed: Self.seed)
        let trace = Self.environment["VIGIL_FUZZ_TRACE"].map { URL(fileURLWithPath: $0) }
        var slowest: (target: String, seconds: TimeInterval) = ("", 0)
        for iteration in 0..<Self.iterations {
            let mutant = mutator.mutant(using: &random)
            try trace.map { try mutant.write(to: $0) }
            for target in FuzzTargets.all {
                let start = Date()
                let refusal = target.run(mutant)
                let seconds = Date().timeIntervalSince(start)
                if seconds > slowest.seconds { slowest = (target.name, seconds) }
                #expect(
                    seconds < Self.slowLimit,
                    "\(target.name) took \(seconds) s on iteration \(iteration) of seed \(Self.seed) (\(mutant.count) bytes)")
                if let refusal {
                    #expect(
                        !refusal.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
                        "\(target.name) refused iteration \(iteration) of seed \(Self.seed) without a message")
                    let leaks = MessageLeaks.found(in: refusal, quoting: String(decoding: mutant, as: UTF8.self))
                    #expect(leaks.isEmpty, "\(target.name) refused iteration \(iteration) of seed \(Self.seed) showing \(leaks): \(refusal)")
                }
            }
            if Self.iterations >= 10_000, iteration % 10_000 == 0 {
                FileHandle.standardError.write(Data("fuzz: iteration \(iteration), slowest \(slowest)\n".utf8))
            }
        }
    }
}
