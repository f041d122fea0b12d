import Foundation
import Testing

@testable import EvidenceModel

struct TimestampTests {
    /// The integer civil-date path agrees with Foundation's calendar at every instant tried from the
    /// Gregorian reform (1582-10-15) to 9999: leap days, the epoch and before it, fractions. Before the
    /// reform Foundation's calendar is Julian; RFC 3339 is proleptic Gregorian, checked by value.
    @Test func formatsAsTheCalendarDoesAcrossTheWholeRange() {
        #expect(Timestamp.format(Date(timeIntervalSince1970: -62_167_219_200)) == "0000-01-01T00:00:00Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: -12_219_292_801)) == "1582-10-14T23:59:59Z")
        var instants: [Double] = [0, -1, -86_400, -86_401, 951_782_400, 951_868_799, 4_107_542_400, 1_795_154_400.9996,
                                  -12_219_292_800, 253_402_300_799, 253_402_300_799.5, 1_709_164_800.25]
        var state: UInt64 = 20261203
        for _ in 0..<20_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let second = Double(Int64(bitPattern: state >> 1) % 265_621_593_600) - 12_219_292_800
            instants.append(second + Double(state % 1000) / 1000)
        }
        for instant in instants {
            let whole = instant.rounded(.down)
            let millis = Int(((instant - whole) * 1000).rounded())
            #expect(Timestamp.format(Date(timeIntervalSince1970: instant)) == Timestamp.calendarFormat(whole: whole, millis: millis),
                    "at \(instant)")
        }
    }

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
