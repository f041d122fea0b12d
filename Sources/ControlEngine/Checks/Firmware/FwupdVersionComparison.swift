/// Compares firmware versions exactly as fwupd 2.0 does (`fu_version_compare`), so a verdict on
/// "is this version vulnerable" agrees with what `fwupdtool vercmp A B FORMAT` prints.
///
/// - `plain`: a byte-wise string compare (`21.10` < `21.9`).
/// - `hex`: both sides first go through ``parse(_:as:)`` (decimal or `0x…` integers become `0x%08x`).
/// - every other format, and no format: the "safe" compare. Sections split on `.`; each compares its
///   leading integer (`strtoll`, base 10), then any trailing characters one by one, where `~` sorts
///   before everything, even the end of the section (`1.2.3~rc1` < `1.2.3`). A missing section sorts
///   lower (`1.2` < `1.2.0`).
public enum FwupdVersionComparison {
    /// -1, 0 or 1, like fwupd's result sign.
    public static func compare(_ a: String, _ b: String, format: FwupdVersionFormat?) -> Int {
        switch format {
        case .plain: return byteCompare(Array(a.utf8), Array(b.utf8))
        case .hex: return safeCompare(parse(a, as: .hex), parse(b, as: .hex))
        default: return safeCompare(a, b)
        }
    }

    /// fwupd's `fu_version_parse_from_format`: a version without a dot that is a whole decimal or
    /// `0x` hex integer (lowercase prefix) in 1…UInt32.max is rendered in `format`; anything else is returned unchanged.
    public static func parse(_ version: String, as format: FwupdVersionFormat) -> String {
        if version.contains(".") { return version }
        let value: UInt64?
        if version.hasPrefix("0x") {
            value = UInt64(version.dropFirst(2), radix: 16)
        } else {
            value = UInt64(version, radix: 10)
        }
        guard let value, value != 0, value <= UInt64(UInt32.max) else { return version }
        return format.render(UInt32(value))
    }

    private static func safeCompare(_ a: String, _ b: String) -> Int {
        if a == b { return 0 }
        let sectionsA = a.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        let sectionsB = b.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        for index in 0..<max(sectionsA.count, sectionsB.count) {
            // One side ran out of sections: it "lost a dot" and sorts lower.
            guard index < sectionsA.count else { return -1 }
            guard index < sectionsB.count else { return 1 }
            let (numberA, restA) = leadingInteger(Array(sectionsA[index]))
            let (numberB, restB) = leadingInteger(Array(sectionsB[index]))
            if numberA != numberB { return numberA < numberB ? -1 : 1 }
            if !restA.isEmpty || !restB.isEmpty {
                let order = chunkCompare(restA, restB)
                if order != 0 { return order }
            }
        }
        return 0
    }

    /// `g_ascii_strtoll(text, &end, 10)`: optional leading whitespace and sign, then digits; clamps on
    /// overflow; with no digits the value is 0 and the whole text is the rest.
    private static func leadingInteger(_ bytes: [UInt8]) -> (Int64, [UInt8]) {
        var index = 0
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D].contains(bytes[index]) { index += 1 }
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        let digitsStart = index
        var magnitude: UInt64 = 0
        var overflow = false
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
            let (times, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times.addingReportingOverflow(UInt64(bytes[index] - UInt8(ascii: "0")))
            overflow = overflow || o1 || o2
            magnitude = sum
            index += 1
        }
        guard index > digitsStart else { return (0, bytes) }
        let limit = negative ? UInt64(Int64.max) + 1 : UInt64(Int64.max)
        if overflow || magnitude > limit { return (negative ? Int64.min : Int64.max, Array(bytes[index...])) }
        let value = negative ? (magnitude == limit ? Int64.min : -Int64(magnitude)) : Int64(magnitude)
        return (value, Array(bytes[index...]))
    }

    /// fwupd's `fu_version_compare_chunk`: character by character, `~` lowest, the end of a chunk
    /// (NUL) next. Characters compare as C `gchar`, which is signed on the platforms fwupd ships for.
    private static func chunkCompare(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a == b { return 0 }
        var index = 0
        while index < a.count, index < b.count {
            let order = charCompare(a[index], b[index])
            if order != 0 { return order }
            index += 1
        }
        return charCompare(index < a.count ? a[index] : 0, index < b.count ? b[index] : 0)
    }

    private static func charCompare(_ a: UInt8, _ b: UInt8) -> Int {
        if a == b { return 0 }
        if a == UInt8(ascii: "~") { return -1 }
        if b == UInt8(ascii: "~") { return 1 }
        return Int8(bitPattern: a) < Int8(bitPattern: b) ? -1 : 1
    }

    /// C `strcmp` over bytes (unsigned).
    private static func byteCompare(_ a: [UInt8], _ b: [UInt8]) -> Int {
        for (x, y) in zip(a, b) where x != y { return x < y ? -1 : 1 }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }
}
