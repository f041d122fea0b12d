import Foundation

/// RFC 3339 instants: the only timestamp form on Vigil's command line, in records and in reports.
public enum Timestamp {
    /// Formats in UTC with a `Z`, with milliseconds only when the instant has them.
    public static func format(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        let whole = seconds.rounded(.down)
        let millis = Int(exactly: ((seconds - whole) * 1000).rounded()) ?? 0  // NaN or infinite: no fraction to show
        guard let epochSeconds = Int(exactly: whole), let civil = CivilTime(epochSeconds: epochSeconds) else {
            return calendarFormat(whole: whole, millis: millis)
        }
        var text = civil.text
        if millis != 0 && millis != 1000 { text += "." + digits(millis, width: 3) }
        return text + "Z"
    }

    /// Always with milliseconds (`2026-11-20T06:00:00.000Z`): one width, for table columns.
    public static func formatWithMilliseconds(_ date: Date) -> String {
        let text = format(date)
        return text.contains(".") ? text : String(text.dropLast()) + ".000Z"
    }

    /// The same through Foundation's calendar, for years outside 0…9999 (records never hold them).
    static func calendarFormat(whole: Double, millis: Int) -> String {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC") ?? .current
        let d = c.dateComponents([.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: whole))
        let base = String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d", d.year ?? 0, d.month ?? 0, d.day ?? 0,
            d.hour ?? 0, d.minute ?? 0, d.second ?? 0)
        return millis == 0 || millis == 1000 ? base + "Z" : base + String(format: ".%03dZ", millis)
    }

    static func digits(_ value: Int, width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    /// Parses `2026-11-20T06:00:00Z`, fractions and `±hh:mm` offsets, `t`/`z` in either case, a space
    /// instead of `T`, and a bare date `2026-11-20` (midnight UTC, as YAML registers write dates).
    public static func parse(_ text: String) -> Date? {
        // Foundation's trimming only when an end is not plainly ASCII: it cost more than the parse.
        let utf8 = text.utf8
        let plain = { (byte: UInt8?) in byte.map { $0 > 0x20 && $0 < 0x80 } ?? false }
        let s = plain(utf8.first) && plain(utf8.last) ? Array(utf8) : Array(text.trimmingCharacters(in: .whitespaces).utf8)
        var i = 0
        func number(_ width: Int) -> Int? {
            guard i + width <= s.count else { return nil }
            var v = 0
            for b in s[i..<(i + width)] {
                guard b >= 48 && b <= 57 else { return nil }
                v = v * 10 + Int(b - 48)
            }
            i += width
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < s.count, s[i] == c else { return false }
            i += 1
            return true
        }
        guard let year = number(4), expect(UInt8(ascii: "-")), let month = number(2), expect(UInt8(ascii: "-")),
            let day = number(2), (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var hour = 0, minute = 0, second = 0
        var fraction = 0.0
        var offset = 0
        if i < s.count {
            guard s[i] == UInt8(ascii: "T") || s[i] == UInt8(ascii: "t") || s[i] == UInt8(ascii: " ") else { return nil }
            i += 1
            guard let h = number(2), expect(UInt8(ascii: ":")), let m = number(2), expect(UInt8(ascii: ":")),
                let sec = number(2), h < 24, m < 60, sec <= 60
            else { return nil }
            (hour, minute, second) = (h, m, min(sec, 59))
            if expect(UInt8(ascii: ".")) {
                var scale = 0.1
                let start = i
                while i < s.count, s[i] >= 48, s[i] <= 57 {
                    fraction += Double(s[i] - 48) * scale
                    scale /= 10
                    i += 1
                }
                guard i > start else { return nil }
            }
            guard i < s.count else { return nil }
            if s[i] == UInt8(ascii: "Z") || s[i] == UInt8(ascii: "z") {
                i += 1
            } else if s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") {
                let sign = s[i] == UInt8(ascii: "-") ? -1 : 1
                i += 1
                guard let oh = number(2), expect(UInt8(ascii: ":")), let om = number(2), oh < 24, om < 60 else {
                    return nil
                }
                offset = sign * (oh * 3600 + om * 60)
            } else {
                return nil
            }
        }
        guard i == s.count, day <= CivilTime.daysIn(month: month, year: year) else { return nil }
        let epoch = CivilTime.epochDays(year: year, month: month, day: day) * 86_400 + hour * 3_600 + minute * 60 + second
        return Date(timeIntervalSince1970: Double(epoch)).addingTimeInterval(fraction - Double(offset))
    }
}

/// A UTC instant of whole seconds as its proleptic Gregorian date and time, by integer arithmetic
/// (formatting runs once per record field: a calendar and a format string per call cost more than
/// the rest of a record). Days to civil date after Howard Hinnant's `civil_from_days`.
struct CivilTime {
    let year, month, day, hour, minute, second: Int

    init?(epochSeconds: Int) {
        let (days, secondOfDay) = epochSeconds.quotientAndRemainder(dividingBy: 86_400)
        let dayNumber = secondOfDay < 0 ? days - 1 : days
        let second = secondOfDay < 0 ? secondOfDay + 86_400 : secondOfDay
        let shifted = dayNumber + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        guard (0...9_999).contains(year) else { return nil }
        hour = second / 3_600
        minute = second / 60 % 60
        self.second = second % 60
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date, after Hinnant's `days_from_civil`.
    static func epochDays(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// `2026-11-29T06:00:00`.
    var text: String {
        let d = Timestamp.digits
        return "\(d(year, 4))-\(d(month, 2))-\(d(day, 2))T\(d(hour, 2)):\(d(minute, 2)):\(d(second, 2))"
    }
}
