import Foundation
import Testing
import VigilTestSupport

@testable import EvidenceModel

struct TimestampTests {
    /// The integer civil-date path agrees with Foundation's calendar at every instant tried from the
    /// Gregorian reform (1582-10-15) to 9999: leap days, the epoch and before it, fractions. Before the
    /// reform Foundation's calendar is Julian; RFC 3339 is proleptic Gregorian, checked by value.
    @Test func formatsAsTheCalendarDoesAcrossTheWholeRange() {
        #expect(Timestamp.format(Date(timeIntervalSince1970: -62_167_219_200)) == "0000-01-01T00:00:00Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: -12_219_292_801)) == "1582-10-14T23:59:59Z")
        var instants: [Double] = [
            0, -1, -86_400, -86_401, 951_782_400, 951_868_799, 4_107_542_400, 1_795_154_400.9996,
            -12_219_292_800, 253_402_300_799, 253_402_300_799.5, 1_709_164_800.25,
        ]
        var random = SeededRandom(seed: 20261203)
        var state = random.next()
        for _ in 0..<20_000 {
            state = random.next()
            let second = Double(Int64(bitPattern: state >> 1) % 265_621_593_600) - 12_219_292_800
            instants.append(second + Double(state % 1000) / 1000)
        }
        for instant in instants {
            let whole = instant.rounded(.down)
            let millis = Int(((instant - whole) * 1000).rounded())
            #expect(
                Timestamp.format(Date(timeIntervalSince1970: instant)) == Timestamp.calendarFormat(whole: whole, millis: millis),
                "at \(instant)")
        }
    }

    /// The integer parse agrees with Foundation's calendar (the parser it replaced) from the reform to
    /// 9999, reads back every instant `format` writes, and knows the month lengths and leap years.
    @Test func parsesAsTheCalendarDoesAndReadsBackWhatFormatWrites() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        #expect(Timestamp.parse("0000-01-01T00:00:00Z")?.timeIntervalSince1970 == -62_167_219_200)
        #expect(Timestamp.parse("1582-10-14T23:59:59Z")?.timeIntervalSince1970 == -12_219_292_801)
        for (text, valid) in [
            ("2000-02-29", true), ("1900-02-29", false), ("2024-02-29", true), ("2026-02-29", false),
            ("2026-04-31", false), ("2026-12-31", true), ("\u{A0}2026-12-31 ", true),
        ] {
            #expect((Timestamp.parse(text) != nil) == valid, "\(text)")
        }
        var random = SeededRandom(seed: 20261204)
        var state = random.next()
        for _ in 0..<20_000 {
            state = random.next()
            let second = Double(Int64(bitPattern: state >> 1) % 265_621_593_600) - 12_219_292_800
            let instant = second + Double(state % 1000) / 1000
            let text = Timestamp.format(Date(timeIntervalSince1970: instant))
            let read = Timestamp.parse(text).map { ($0.timeIntervalSince1970 * 1000).rounded() / 1000 }
            #expect(read == (instant * 1000).rounded() / 1000, "\(text)")
            let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: second))
            let parts = DateComponents(year: c.year, month: c.month, day: c.day, hour: c.hour, minute: c.minute, second: c.second)
            let offset = Int(state % 1_439) - 719  // minutes east of UTC, -11:59…+11:59
            let local = calendar.date(from: parts)!.addingTimeInterval(Double(offset * 60))
            let l = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: local)
            let zone = (offset < 0 ? "-" : "+") + Timestamp.digits(abs(offset) / 60, width: 2) + ":" + Timestamp.digits(abs(offset) % 60, width: 2)
            let written =
                "\(Timestamp.digits(l.year!, width: 4))-\(Timestamp.digits(l.month!, width: 2))-\(Timestamp.digits(l.day!, width: 2))T"
                + "\(Timestamp.digits(l.hour!, width: 2)):\(Timestamp.digits(l.minute!, width: 2)):\(Timestamp.digits(l.second!, width: 2))" + zone
            #expect(Timestamp.parse(written)?.timeIntervalSince1970 == second, "\(written)")
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

    @Test(arguments: [
        "", "2026-13-01", "2026-02-30", "2026-11-20T06:00:00", "20261120", "2026-11-20T6:00:00Z",
        "2026-11-20T06:00:00Zjunk", "Jul 19, 2023 9:25:09 PM",
    ])
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
