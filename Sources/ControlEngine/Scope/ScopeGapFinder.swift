import EvidenceModel

/// Compares the asset inventory with the controls' scopes and the evidence (DESIGN §6).
///
/// With an empty inventory there is nothing to compare against, so no gaps are reported: a
/// workspace without an inventory would otherwise call every subject unknown.
struct ScopeGapFinder {
    /// Subject types the inventory is expected to list; `risk:` and `asset:` records are bookkeeping.
    static let inventoriedTypes: Set<SubjectType> = [.host, .key, .credential, .domain, .cert]

    let controls: [Control]
    let inventory: AssetInventory
    let index: VisibleEvidence
    /// The subjects whose gaps this finder reports (a ``SlicedEvaluation`` slice's own).
    var owns: (String) -> Bool = { _ in true }

    func gaps() -> [ScopeGap] { Self.sorted(unsortedGaps()) }

    /// The gaps of the subjects owned, in no particular order.
    func unsortedGaps() -> [ScopeGap] {
        guard !inventory.isEmpty else { return [] }
        return coverageGaps() + unknownSubjects()
    }

    /// By subject, then gap, then control: the order reports list them in.
    static func sorted(_ gaps: [ScopeGap]) -> [ScopeGap] {
        let order = Dictionary(uniqueKeysWithValues: ScopeGap.Gap.allCases.enumerated().map { ($1, $0) })
        return gaps.sorted {
            ($0.subject, order[$0.gap] ?? 0, $0.control ?? "") < ($1.subject, order[$1.gap] ?? 0, $1.control ?? "")
        }
    }

    private func coverageGaps() -> [ScopeGap] {
        let scoped = controls.filter { $0.scope != nil }
        var gaps: [ScopeGap] = []
        for asset in inventory.assets where owns(asset.subject) {
            guard asset.isInScope else {
                gaps.append(excluded(asset))
                continue
            }
            let including = scoped.filter { control in control.scope.map(asset.isIncluded) ?? false }
            if including.isEmpty {
                let what = [
                    asset.type.map { "type \($0)" },
                    asset.tags.isEmpty
                        ? nil
                        : "tags "
                            + asset.tags.joined(separator: ", "),
                ].compactMap { $0 }.joined(separator: ", ")
                let reason = "in scope, but none of the \(scoped.count) scoped controls includes it"
                gaps.append(
                    ScopeGap(
                        subject: asset.subject, gap: .uncovered, control: nil,
                        reason: reason + (what.isEmpty ? "" : " (\(what))")))
            }
            for control in including
            where index.subjects(withAnyOf: control.evidence, origin: control.origin).contains(asset.subject) == false {
                let kinds = control.evidence.joined(separator: ", ")
                gaps.append(
                    ScopeGap(
                        subject: asset.subject, gap: .noEvidence, control: control.id,
                        reason: "in the scope of \(control.id) (\(control.scope?.description ?? "assets")) "
                            + "but no \(kinds) evidence was ever collected"))
            }
        }
        return gaps
    }

    private func excluded(_ asset: Asset) -> ScopeGap {
        var missing: [String] = []
        if asset.exclusionReason == nil { missing.append("exclusion_reason") }
        if asset.exclusionApprovedBy == nil { missing.append("exclusion_approved_by") }
        let reason: String
        if missing.isEmpty {
            reason =
                "excluded from scope: \(asset.exclusionReason ?? "") "
                + "(approved by \(asset.exclusionApprovedBy ?? ""))"
        } else {
            reason = "excluded from scope without " + missing.joined(separator: " or ")
        }
        return ScopeGap(
            subject: asset.subject, gap: .excluded, control: nil, reason: reason,
            isFlagged: !missing.isEmpty)
    }

    /// Subjects with evidence the inventory does not list. The old inventory entries of an asset the
    /// inventory no longer lists are not evidence about it: only other kinds make it unknown.
    private func unknownSubjects() -> [ScopeGap] {
        index.kindsBySubject.compactMap { subject, allKinds in
            guard owns(subject) else { return nil }
            let kinds = allKinds.filter { $0.key != EvidenceKind.asset }
            guard !kinds.isEmpty, let type = Subject.type(of: subject), Self.inventoriedTypes.contains(type),
                !inventory.lists(subject)
            else { return nil }
            let count = kinds.values.reduce(0, +)
            let names = kinds.keys.sorted().joined(separator: ", ")
            return ScopeGap(
                subject: subject, gap: .unknownSubject, control: nil,
                reason: "\(count) record\(count == 1 ? "" : "s") (\(names)) about a subject the asset inventory "
                    + "does not list")
        }
    }
}
