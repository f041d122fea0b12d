import ControlEngine
import EvidenceModel
import Foundation
import MerkleLog

extension Pipeline {
    /// Samples `count` subjects of `control`'s population at `instant`, seeded by a signed checkpoint.
    /// - Returns: the checkpoint, the population size and the sample.
    public func sample(
        checkpoint data: Data, name: String, control: String, count: Int, at instant: Date,
        controlsDirectory: URL
    ) throws(VigilError) -> (checkpoint: Checkpoint, population: Int, sample: [String]) {
        let checkpoint = try Self.checkpoint(data, name: name, trusting: try workspace.trustedKeys())
        let result = try check(at: instant, controlsDirectory: controlsDirectory)
        guard let found = result.controls.first(where: { $0.id == control }) else {
            throw .usage("no control '\(control)' in \(controlsDirectory.path)")
        }
        let population = found.results.map(\.subject)
        return (checkpoint, population.count, Sampling.sample(population: population, control: control, root: checkpoint.rootHash, count: count))
    }
}
