import ControlEngine
import EvidenceModel
import Foundation

extension Pipeline {
    /// The shipped catalogue of `framework`, or a usage error naming the shipped ones.
    public static func catalogue(_ framework: String) throws(VigilError) -> FrameworkCatalogue {
        guard let catalogue = FrameworkCatalogues.named(framework) else {
            let known = FrameworkCatalogues.shipped.map(\.framework).sorted().joined(separator: ", ")
            throw .usage("--framework: no catalogue of '\(framework)' is shipped (known: \(known))")
        }
        return catalogue
    }

    /// Each requirement of `framework` with the controls that map to it and their status at
    /// `instant`; the requirements nothing maps to are uncovered.
    public func coverage(
        of framework: String, at instant: Date, knownAt: Date? = nil, controlsDirectory: URL
    ) throws(VigilError) -> FrameworkCoverage {
        let catalogue = try Self.catalogue(framework)
        let result = try check(at: instant, knownAt: knownAt, controlsDirectory: controlsDirectory)
        return FrameworkCoverage(catalogue: catalogue, controls: result.controls)
    }
}
