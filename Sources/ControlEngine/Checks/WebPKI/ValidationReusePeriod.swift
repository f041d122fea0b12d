import EvidenceModel
import Foundation

/// How long a domain-control validation may be reused for issuance, as TLS BR 4.2.1 set it on a day
/// (cabforum/servercert; ballot SC42 for 398 days, ballot SC-081 for the steps from 2026).
public struct ValidationReusePeriod: Sendable, Hashable {
    /// The day this period took effect (`2026-03-15`), at 00:00 UTC.
    public let effective: String
    /// The longest a validation may precede the issuance it is relied on for.
    public let days: Int
    /// The ballot that set it.
    public let ballot: String

    /// The periods, oldest first. Before the first (2021-10-01), 825 days applied; judged as 825.
    public static let schedule: [ValidationReusePeriod] = [
        .init(effective: "2021-10-01", days: 398, ballot: "SC42"),
        .init(effective: "2026-03-15", days: 200, ballot: "SC-081"),
        .init(effective: "2027-03-15", days: 100, ballot: "SC-081"),
        .init(effective: "2029-03-15", days: 10, ballot: "SC-081"),
    ]

    /// Before ballot SC42: the 825 days of the BR from 2018.
    static let beforeSchedule = ValidationReusePeriod(effective: "2018-03-01", days: 825, ballot: "BR 1.5.6")

    /// The period in force at `instant` (an issuance time).
    public static func inForce(at instant: Date) -> ValidationReusePeriod {
        schedule.last { period in Timestamp.parse(period.effective).map { $0 <= instant } ?? false } ?? beforeSchedule
    }

    public var seconds: TimeInterval { TimeInterval(days) * 86_400 }

    /// `200-day reuse period (TLS BR 4.2.1, ballot SC-081, from 2026-03-15)`.
    public var citation: String {
        "\(days)-day reuse period (TLS BR 4.2.1, ballot \(ballot), from \(effective))"
    }
}
