import Foundation
import Testing

@testable import EvidenceModel

struct TimestampTests {
    @Test(arguments: [
        ("2026-11-20T06:00:00Z", 1_795_154_400.0), ("2026-11-20T07:00:00+01:00", 1_795_154_400.0),
        ("2026-11-20t06:00:00.250z", 1_795_154_400.25), ("2026-11-20", 1_795_132_800.0),
        ("2026-11-20 06:00:00Z", 1_795_154_400.0),
    ])
    func rfc3339FormsParse(text: String, epoch: Double) {
        #expect(Timestamp.parse(text)?.timeIntervalSince1970 == epoch)
    }

    @Test(arguments: ["", "2026-13-01", "2026-02-30", "2026-11-20T06:00:00", "20261120", "2026-11-20T6:00:00Z",
                      "2026-11-20T06:00:00Zjunk", "Jul 19, 2023 9:25:09 PM"])
    func malformedTimestampsAreRejected(text: String) {
        #expect(Timestamp.parse(text) == nil)
    }

    @Test func formatIsUTCWithMillisecondsOnlyWhenPresent() {
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1_795_154_400)) == "2026-11-20T06:00:00Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1_795_154_400.5)) == "2026-11-20T06:00:00.500Z")
    }
}

struct EvidenceDurationTests {
    @Test(arguments: [("90d", 90 * 86_400.0), ("2w", 14 * 86_400.0), ("12h", 43_200.0), ("30m", 1_800.0), ("30s", 30.0)])
    func durationsParse(text: String, seconds: Double) {
        #expect(EvidenceDuration(text)?.seconds == seconds)
    }

    @Test(arguments: ["", "d", "90", "90x", "-1d", "1.5d", "ninety days"])
    func badDurationsAreRejected(text: String) {
        #expect(EvidenceDuration(text) == nil)
    }
}

struct StatusTests {
    @Test func worstFollowsTheDesignOrder() {
        #expect(Status.worst(of: [.pass, .accepted, .stale]) == .stale)
        #expect(Status.worst(of: [.stale, .missing]) == .missing)
        #expect(Status.worst(of: [.missing, .fail, .pass]) == .fail)
        #expect(Status.worst(of: [.fail, .error]) == .error)
        #expect(Status.worst(of: [.notApplicable, .pass]) == .pass)
        #expect(Status.worst(of: [.notApplicable]) == .notApplicable)
        #expect(Status.worst(of: []) == .notApplicable)
    }
}
