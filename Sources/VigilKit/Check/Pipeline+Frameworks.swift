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

    /// ``check(at:knownAt:controlsDirectory:history:remember:)`` with the controls also grouped by the
    /// requirements of `framework`, when one is named (`check --framework`); an unknown framework is
    /// a usage error before anything is read.
    public func check(
        at instant: Date, knownAt: Date? = nil, controlsDirectory: URL, history: Bool = false, remember: Bool = false,
        framework: String?, finishing: ((UnfinishedWrite) -> Void)? = nil
    ) throws(VigilError) -> RunResult {
        let catalogue = try framework.map { name throws(VigilError) in try Self.catalogue(name) }
        var result = try check(
            at: instant, knownAt: knownAt, controlsDirectory: controlsDirectory, history: history, remember: remember,
            finishing: finishing)
        result.framework = catalogue.map { FrameworkCoverage(catalogue: $0, controls: result.controls) }
        return result
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
