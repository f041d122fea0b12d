import Foundation
import Testing

@testable import ControlEngine

/// The sample an auditor recomputes from a checkpoint: the README's algorithm, checked against
/// Python's hashlib computing it independently.
struct SamplingTests {
    static let root = Data(repeating: 1, count: 32)
    static let population = ["host:a", "host:b", "host:c", "host:d", "host:e"]

    @Test func theSampleIsTheItemsSortedBySHA256OfRootControlAndItem() {
        // python3: sorted(pop, key=lambda s: sha256(root + b"\0" + b"FW-01" + b"\0" + s).digest())
        #expect(
            Sampling.sample(population: Self.population, control: "FW-01", root: Self.root, count: 5)
                == ["host:e", "host:a", "host:c", "host:b", "host:d"])
        #expect(Sampling.sample(population: Self.population, control: "FW-01", root: Self.root, count: 2) == ["host:e", "host:a"])
    }

    @Test func orderAndRepeatsOfThePopulationDoNotMatterButTheCheckpointDoes() {
        let sample = Sampling.sample(population: Self.population, control: "FW-01", root: Self.root, count: 3)
        #expect(Sampling.sample(population: Self.population.reversed() + ["host:a"], control: "FW-01", root: Self.root, count: 3) == sample)
        #expect(
            Sampling.sample(population: Self.population, control: "FW-01", root: Data(repeating: 2, count: 32), count: 5) != [
                "host:e", "host:a", "host:c", "host:b", "host:d",
            ])
        #expect(Sampling.sample(population: Self.population, control: "FW-01", root: Self.root, count: -1).isEmpty)
    }
}
