import EvidenceModel

/// The risk register, judged at the instant: active, stale with reasons, or withdrawn.
enum AcceptancesView {
    static let columns = [
        Column("STATUS", width: 11), Column("ID", width: 8), Column("CONTROL", width: 8),
        Column("EXPIRES", width: 10), Column("EXT", width: 3, alignRight: true),
        Column("REASONS", width: 12, flexible: true),
    ]

    static func content(_ state: AppState) -> PageContent {
        var content = PageContent(title: "Risk acceptances")
        content.columns = columns
        content.rows = (state.evaluation?.acceptances ?? []).map { timeline in
            let review = timeline.review
            let reasons =
                review.withdrawnAt.map { "withdrawn \(Format.day($0))" }
                ?? review.reasons.map(\.rawValue).joined(separator: ", ")
            return TableRow(
                [
                    "\(review.shownAs.symbol) \(review.statusName)", review.id, review.control, Format.day(review.expiresAt),
                    "\(review.extensions)", reasons,
                ],
                status: review.shownAs, target: .acceptance(id: review.id))
        }
        if content.rows.isEmpty, state.evaluation != nil {
            content.empty = ["No risk acceptances: collect a register with 'vigil collect risks FILE'."]
        }
        return content
    }
}

/// One acceptance: who, why, and its timeline of extensions up to the instant.
enum AcceptanceView {
    static let columns = [Column("DATE", width: 10), Column("EVENT", width: 20, flexible: true)]

    static func content(id: String, _ state: AppState) -> PageContent {
        var content = PageContent(title: id)
        guard let timeline = state.evaluation?.acceptances.first(where: { $0.review.id == id }) else {
            content.empty = ["Acceptance \(id) is not in this evaluation."]
            return content
        }
        let review = timeline.review
        var head = StyledLine("\(review.shownAs.symbol) \(review.statusName.uppercased()) ", .status(review.shownAs))
        head.append("\(id)  accepts \(review.control) for \(review.subjects.joined(separator: ", "))", .heading)
        content.preamble.append(head)
        if let reason = timeline.reason { content.preamble.append(StyledLine("reason    \(reason)")) }
        content.preamble.append(StyledLine("owner     \(timeline.owner ?? "—") · approved by \(timeline.approvedBy ?? "nobody")"))
        let reasons = review.reasons.map(\.rawValue).joined(separator: ", ")
        content.preamble.append(StyledLine("review    \(reasons.isEmpty ? review.statusName : reasons): \(review.detail)"))
        content.columns = columns
        var rows = [
            TableRow([
                Format.day(timeline.acceptedAt),
                "accepted until \(Format.day(timeline.originalExpiry)) by \(timeline.approvedBy ?? "nobody")",
            ])
        ]
        for (n, ext) in timeline.extensions.enumerated() {
            let reason = ext.reason.map { ": \($0)" } ?? ""
            rows.append(
                TableRow(
                    [
                        Format.day(ext.at),
                        "extension \(n + 1) until \(Format.day(ext.expiresAt)) by \(ext.by ?? "nobody")\(reason)",
                    ],
                    status: nil))
        }
        if let withdrawnAt = review.withdrawnAt {
            rows.append(
                TableRow(
                    [Format.day(withdrawnAt), "withdrawn: its register no longer lists it"],
                    status: review.shownAs))
        }
        if let instant = state.overview?.instant {
            let expiry = review.expiresAt
            let now = expiry.map { $0 < instant ? "expired \(Format.age($0, at: instant)) ago" : "expires in \(Format.age(instant, at: $0))" }
            rows.append(
                TableRow(
                    [Format.day(instant), "browsing instant: \(now ?? "no expiry")"],
                    status: review.shownAs))
        }
        content.rows = rows
        return content
    }
}
