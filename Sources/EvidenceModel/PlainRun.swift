/// Runs of a JSON string's bytes that need no escape: none is a C0 control, `"` or `\`. Both the
/// reader and the writer of JSON spend their time finding where such a run ends (most strings are
/// one run), so they look eight bytes at a time: a byte at a time, the test was a third of writing
/// a report of 50k results.
enum PlainRun {
    /// Where the run that starts at `start` in `bytes` ends: the first byte from `start` that needs
    /// an escape, or the end of `bytes`.
    static func end(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        if let base = bytes.baseAddress {
            while index + 8 <= bytes.count, !anyNeedsEscape(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)) {
                index += 8
            }
        }
        while index < bytes.count, !needsEscape(bytes[index]) { index += 1 }
        return index
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    /// Whether any of the eight bytes of `word` needs an escape (a false "yes" only costs a look at
    /// each byte): the bit tricks of "Bit Twiddling Hacks", `hasless` and `haszero`.
    private static func anyNeedsEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ v: UInt64) -> Bool { (v &- ones) & ~v & highs != 0 }
        let belowSpace = (word &- ones &* 0x20) & ~word & highs != 0
        return belowSpace || hasZeroByte(word ^ (ones &* 0x22)) || hasZeroByte(word ^ (ones &* 0x5C))
    }
}
