import Foundation

/// The remote perspectives of an attempt that count as distinct: BR 3.2.2.9 calls perspectives
/// distinct when at least 500 km apart (great circle), and remote when distinct from the primary.
///
/// Perspectives closer than 500 km to one already counted are counted once. The walk keeps
/// non-corroborating perspectives first, so a close pair never turns a failure into a corroboration:
/// only corroborations can be lost to closeness, never dissent.
struct DistinctPerspectives {
    struct Counted {
        let outcome: MPICAttempt.Outcome
        let perspective: NetworkPerspective
    }

    /// A perspective that did not count, and why (`eu-west-3 within 344 km of eu-west-2`).
    struct Dropped {
        let code: String
        let near: String
        let kilometres: Double

        var text: String { "\(code) within \(Int(kilometres.rounded())) km of \(near)" }
    }

    static let minimumKilometres = 500.0

    let counted: [Counted]
    let dropped: [Dropped]
    /// Codes the catalogue does not know, in the attempt's order.
    let unknown: [String]

    init(_ outcomes: [MPICAttempt.Outcome], catalogue: PerspectiveCatalogue, primary: NetworkPerspective?) {
        var counted: [Counted] = []
        var dropped: [Dropped] = []
        var unknown: [String] = []
        let ordered = outcomes.enumerated().sorted { a, b in
            (a.element.corroborates ? 1 : 0, a.element.code, a.offset) < (b.element.corroborates ? 1 : 0, b.element.code, b.offset)
        }.map(\.element)
        for outcome in ordered {
            guard let perspective = catalogue.perspective(outcome.code) else {
                unknown.append(outcome.code)
                continue
            }
            if let primary, perspective.distance(to: primary) < Self.minimumKilometres {
                dropped.append(
                    Dropped(
                        code: outcome.code, near: "the primary \(primary.code)",
                        kilometres: perspective.distance(to: primary)))
                continue
            }
            let near = counted.map { ($0.perspective.code, $0.perspective.distance(to: perspective)) }
                .filter { $0.1 < Self.minimumKilometres }.min { $0.1 < $1.1 }
            if let near {
                dropped.append(Dropped(code: outcome.code, near: near.0, kilometres: near.1))
            } else {
                counted.append(Counted(outcome: outcome, perspective: perspective))
            }
        }
        self.counted = counted
        self.dropped = dropped
        self.unknown = unknown
    }

    var corroborating: [Counted] { counted.filter(\.outcome.corroborates) }
    var corroboratingRIRs: [RIR] { Set(corroborating.map(\.perspective.rir)).sorted() }
}
