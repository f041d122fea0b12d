import EvidenceModel

/// Completeness: each source of `vigil.yaml`, whether it delivered on time, failed or fell silent,
/// its last good run and what that covered.
enum SourcesView {
    static let columns = [
        Column("STANDING", width: 10), Column("SOURCE", width: 16, flexible: true), Column("EVERY", width: 5, optional: true),
        Column("LAST GOOD", width: 16), Column("COVERS OR WHY", width: 16, flexible: true),
    ]

    static func content(_ state: AppState) -> PageContent {
        var content = PageContent(title: "Sources")
        content.columns = columns
        let sources = state.evaluation?.sources ?? []
        var counts: [SourceCoverage.Standing: Int] = [:]
        for source in sources { counts[source.standing, default: 0] += 1 }
        if !sources.isEmpty { content.preamble = [StyledLine(SourceCoverage(counts: counts).sentence.capitalizedFirst, .heading)] }
        // The report's coverage line, its second half: the results the controls expected and got.
        let results = (state.evaluation?.controls ?? []).flatMap(\.result.results)
        if !results.isEmpty {
            let evaluated = results.count { $0.status != .missing }
            content.preamble.append(StyledLine("\(evaluated) of \(results.count) results evaluated (\(results.count - evaluated) missing)", .dim))
        }
        content.rows = sources.map { source in
            let shown = status(source.standing)
            return TableRow(
                [
                    "\(shown.symbol) \(source.standing.rawValue.replacingOccurrences(of: "_", with: " "))", source.name,
                    source.every ?? "—", Format.minute(source.lastGoodRun), source.reason ?? source.covers ?? "—",
                ],
                status: shown)
        }
        if content.rows.isEmpty, state.evaluation != nil {
            content.empty = ["No sources: list them in vigil.yaml (`sources:`), with `every: 1d` to catch a silent one."]
        }
        return content
    }

    /// The verdict colour a standing is drawn in: on time as pass, failed as fail, silent as stale.
    static func status(_ standing: SourceCoverage.Standing) -> Status {
        switch standing {
        case .onTime: .pass
        case .failed: .fail
        case .silent: .stale
        case .notRun: .notApplicable
        }
    }
}

extension String {
    /// `Sources 3 of 4 on time`: the sentence as a line of its own.
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
