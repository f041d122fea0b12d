import Foundation

extension RunResult {
    /// Only what concerns these controls: their results, the gaps and acceptances that name them.
    public func restricted(to ids: Set<String>) -> RunResult {
        var kept = RunResult(
            asOf: asOf, checkpoint: checkpoint, controls: controls.filter { ids.contains($0.id) },
            scopeGaps: scopeGaps.filter { $0.control.map(ids.contains) ?? false }, acceptances: acceptances.filter { ids.contains($0.control) })
        kept.knownAt = knownAt
        return kept
    }
}

extension RunDiff {
    /// Compares two checks of the same controls, `before` at `from` and `after` at `to`.
    public init(
        comparing before: RunResult, at from: Endpoint, with after: RunResult, at to: Endpoint,
        evidenceAdded: [String: Int]
    ) {
        let gapsBefore = Set(before.scopeGaps.map(GapKey.init))
        let gapsAfter = Set(after.scopeGaps.map(GapKey.init))
        self.init(
            from: from, to: to, results: Self.resultChanges(before, after),
            gapsOpened: after.scopeGaps.filter { !gapsBefore.contains(GapKey($0)) },
            gapsClosed: before.scopeGaps.filter { !gapsAfter.contains(GapKey($0)) },
            acceptances: Self.acceptanceChanges(before.acceptances, after.acceptances), evidenceAdded: evidenceAdded)
    }

    /// A gap is the same gap while its subject, kind and control are (its wording may change).
    private struct GapKey: Hashable {
        let subject: String
        let gap: ScopeGap.Gap
        let control: String?

        init(_ gap: ScopeGap) {
            subject = gap.subject
            self.gap = gap.gap
            control = gap.control
        }
    }

    /// Every verdict of a run by control and subject; a control with no subject stands for itself.
    private static func outcomes(_ run: RunResult) -> [String: (title: String, bySubject: [String?: Outcome])] {
        var table: [String: (title: String, bySubject: [String?: Outcome])] = [:]
        for control in run.controls {
            var bySubject: [String?: Outcome] = [:]
            for result in control.results { bySubject[result.subject] = Outcome(status: result.status, reason: result.reason) }
            if control.results.isEmpty || control.error != nil {
                bySubject[nil] = Outcome(status: control.status, reason: control.controlReason ?? "no subject")
            }
            table[control.id] = (control.title, bySubject)
        }
        return table
    }

    /// Verdicts whose status differs, by control id then subject (the control itself first).
    private static func resultChanges(_ before: RunResult, _ after: RunResult) -> [ResultChange] {
        let old = outcomes(before), new = outcomes(after)
        var changes: [ResultChange] = []
        for control in Set(old.keys).union(new.keys).sorted() {
            let was = old[control]?.bySubject ?? [:], now = new[control]?.bySubject ?? [:]
            let title = new[control]?.title ?? old[control]?.title ?? control
            let subjects = Set(was.keys).union(now.keys).sorted { ($0 ?? "") < ($1 ?? "") || ($0 == nil && $1 != nil) }
            for subject in subjects where was[subject]?.status != now[subject]?.status {
                changes.append(ResultChange(control: control, title: title, subject: subject, from: was[subject], to: now[subject]))
            }
        }
        return changes
    }

    /// What became of each acceptance, by id; one unchanged is left out.
    private static func acceptanceChanges(_ before: [AcceptanceReview], _ after: [AcceptanceReview]) -> [AcceptanceChange] {
        let old = Dictionary(before.map { ($0.id, $0) }) { first, _ in first }
        return after.sorted { $0.id < $1.id }.compactMap { now in
            guard let change = change(from: old[now.id], to: now) else { return nil }
            return AcceptanceChange(id: now.id, control: now.control, change: change, detail: now.detail)
        }
    }

    private static func change(from was: AcceptanceReview?, to now: AcceptanceReview) -> AcceptanceChange.Change? {
        if now.isWithdrawn { return was?.isWithdrawn == true ? nil : .withdrawn }
        if now.isStale {
            if was?.isStale == true { return nil }
            return now.reasons.contains(.expired) ? .expired : .stale
        }
        guard let was else { return .granted }
        if was.isStale || was.isWithdrawn { return .renewed }
        return now.extensions > was.extensions ? .extended : nil
    }
}
