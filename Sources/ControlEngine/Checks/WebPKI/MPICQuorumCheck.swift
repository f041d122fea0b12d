import EvidenceModel
import Foundation

/// `mpic_quorum`: each corroboration attempt met TLS BR 3.2.2.9 as in force when it happened.
///
/// ```yaml
/// check: {type: mpic_quorum}                       # the BR rules of the validation's day
/// check: {type: mpic_quorum, min_perspectives: 5, primary: us-east-1}
/// ```
/// Recomputed from the perspectives, never from `is_valid`: the phase (``MPICRequirement``) of the
/// validation time, the minimum of distinct remote perspectives, the quorum table, corroborating
/// perspectives in ≥ 2 RIRs, and 500 km distinctness (``DistinctPerspectives``). A perspective that
/// failed, did not complete, or reported errors does not corroborate. `min_perspectives` raises
/// (never lowers) the BR minimum to the CA's own policy; `primary` names the Primary Network
/// Perspective's catalogue code, so remote perspectives within 500 km of it do not count.
///
/// - Before 2025-03-15, and for attempts the MPIC rejected (`is_valid` false, Boulder `invalid`)
///   on which the CA may not issue: `not_applicable`, the recomputation in the reason.
/// - A perspective code the catalogue does not know: `error` naming it (RIR and distance unknowable).
/// - Boulder: the primary VA's `Summary` (names, `passedRIRs`, `quorumResult`); names found in the
///   catalogue are judged as above, otherwise counts are judged and the reason says distance was
///   not checked. A remote VA's own line is `not_applicable`.
public struct MPICQuorumCheck: ControlCheck {
    public static let type = "mpic_quorum"

    public let catalogue: PerspectiveCatalogue
    public let minimumPerspectives: Int?
    /// The Primary Network Perspective's catalogue code, resolved when judging (the catalogue is
    /// the configuration's, which control linting does not see).
    public let primary: String?

    public init(catalogue: PerspectiveCatalogue = .standard, minimumPerspectives: Int? = nil, primary: String? = nil) {
        self.catalogue = catalogue
        self.minimumPerspectives = minimumPerspectives
        self.primary = primary
    }

    public init?(parameters: inout CheckParameters) {
        var minimum: Int?
        if let value = parameters.optional("min_perspectives") {
            guard let number = value.doubleValue, number == number.rounded(), number >= 2, number <= 100 else {
                parameters.report("min_perspectives", "expected a whole number of remote perspectives ≥ 2, found \(JSONText.of(value))")
                return nil
            }
            minimum = Int(number)
        }
        var primary: String?
        if let value = parameters.optional("primary") {
            guard let code = value.stringValue, !code.isEmpty else {
                parameters.report("primary", "expected a perspective code, found \(JSONText.of(value))")
                return nil
            }
            primary = code
        }
        self.init(catalogue: parameters.context.perspectives, minimumPerspectives: minimum, primary: primary)
    }

    public func judge(_ records: [EvidenceRecord], at instant: Date) -> CheckVerdict {
        judgeEach(records) { judgeAttempt(MPICAttempt($0)) }
    }

    func judgeAttempt(_ attempt: MPICAttempt) -> CheckVerdict {
        guard let phase = MPICRequirement.inForce(at: attempt.validatedAt) else {
            return .notApplicable("\(attempt.label): before 2025-03-15 BR 3.2.2.9 required no corroboration")
        }
        if attempt.isRemoteLine {
            return .notApplicable("\(attempt.label): a remote VA's own result; the primary VA's Summary carries the quorum")
        }
        let primaryPerspective = primary.flatMap(catalogue.perspective)
        if let primary, primaryPerspective == nil {
            return CheckVerdict(status: .error, reason: "primary '\(primary)' is not in the \(catalogue.origin) perspective catalogue")
        }
        let tally: MPICTally
        if let summary = attempt.boulder,
            summary.passedPerspectives.contains(where: { catalogue.perspective($0) == nil })
                || summary.failedPerspectives.contains(where: { catalogue.perspective($0) == nil })
        {
            tally = MPICTally(boulder: summary)
        } else if attempt.boulder == nil, attempt.outcomes.isEmpty {
            tally = MPICTally(distinct: 0, corroborating: 0, rirs: [], notes: ["no remote perspective results"])
        } else {
            let distinct = DistinctPerspectives(attempt.outcomes, catalogue: catalogue, primary: primaryPerspective)
            if let code = distinct.unknown.first {
                let all = distinct.unknown.map { "'\($0)'" }.joined(separator: ", ")
                return CheckVerdict(
                    status: .error,
                    reason: "\(attempt.label): perspective \(distinct.unknown.count == 1 ? "code" : "codes") \(all) not in the "
                        + "\(catalogue.origin) perspective catalogue: RIR and distance of \(code) unknown")
            }
            tally = MPICTally(distinct)
        }
        let minimum = max(phase.minimumRemotePerspectives, minimumPerspectives ?? 0)
        var violations: [String] = []
        var notes = tally.notes
        let allowed = MPICRequirement.allowedNonCorroborations(distinct: tally.distinct)
        let dissent = tally.distinct - tally.corroborating
        let quorum = "quorum \(tally.corroborating)/\(tally.distinct), \(dissent) non-corroboration\(dissent == 1 ? "" : "s")"
        if tally.distinct < minimum {
            let whose = minimum > phase.minimumRemotePerspectives ? " (min_perspectives)" : ""
            violations.append("\(tally.distinct) distinct remote perspectives < \(minimum) required\(whose)")
        }
        if dissent > allowed {
            if phase.quorumEnforced {
                violations.append("\(quorum) > \(allowed) allowed")
            } else {
                notes.append("\(quorum) > \(allowed) allowed, but the quorum is not enforced before 2025-09-15")
            }
        }
        if phase.requiresTwoRIRs, tally.rirs.count < 2 {
            let named = tally.rirs.isEmpty ? "none" : tally.rirs.joined(separator: ", ")
            violations.append("corroborating perspectives in \(tally.rirs.count) RIR (\(named)) < 2")
        }
        let required = tally.distinct - allowed
        if let configured = attempt.configuredQuorum, configured < required {
            notes.append("the MPIC ran with quorum_count \(configured), below the \(required) of \(tally.distinct) the quorum table requires")
        }
        if attempt.earlierAttempts > 0 {
            notes.append("judged on attempt \(attempt.earlierAttempts + 1) alone (earlier attempts are not relied on)")
        }
        let summary =
            violations.isEmpty
            ? "\(quorum) ≤ \(allowed) allowed, \(tally.distinct) distinct remote perspectives ≥ \(minimum), "
                + "corroborating in \(tally.rirs.count) RIR\(tally.rirs.count == 1 ? "" : "s") (\(tally.rirs.joined(separator: ", ")))"
            : violations.joined(separator: "; ")
        let detail = summary + notes.map { "; " + $0 }.joined() + " (\(phase.citation))"
        if !attempt.reportedValid {
            let agreement = violations.isEmpty ? "although the BR rules were met" : "and the BR rules were not met"
            return .notApplicable("\(attempt.label): rejected by the MPIC, nothing may be issued on it, \(agreement): \(detail)")
        }
        return violations.isEmpty ? .pass("\(attempt.label): \(detail)") : .fail("\(attempt.label): \(detail)")
    }
}

/// The numbers BR 3.2.2.9 is judged on, from the catalogue or from Boulder's counts.
struct MPICTally {
    let distinct: Int
    let corroborating: Int
    let rirs: [String]
    let notes: [String]

    init(distinct: Int, corroborating: Int, rirs: [String], notes: [String]) {
        self.distinct = distinct
        self.corroborating = corroborating
        self.rirs = rirs
        self.notes = notes
    }

    init(_ perspectives: DistinctPerspectives) {
        let dropped = perspectives.dropped.map(\.text)
        self.init(
            distinct: perspectives.counted.count, corroborating: perspectives.corroborating.count,
            rirs: perspectives.corroboratingRIRs.map(\.rawValue),
            notes: dropped.isEmpty ? [] : ["counted once (closer than 500 km): " + dropped.joined(separator: ", ")])
    }

    /// Boulder names its perspectives freely: without the catalogue only its counts can be judged.
    init(boulder summary: ValidationResultEvidence.Summary) {
        let asked = summary.quorum?.of ?? summary.passedPerspectives.count + summary.failedPerspectives.count
        let rirs = Set(summary.passedRIRs.map { RIR(spelling: $0)?.rawValue ?? $0 }).sorted()
        let names = (summary.passedPerspectives + summary.failedPerspectives).sorted().joined(separator: ", ")
        self.init(
            distinct: asked, corroborating: summary.quorum?.corroborated ?? summary.passedPerspectives.count, rirs: rirs,
            notes: ["judged from Boulder's counts: perspectives \(names) are not in the catalogue, distance not checked"])
    }
}
