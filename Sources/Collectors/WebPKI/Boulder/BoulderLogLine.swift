internal import CGzip
import EvidenceModel
import Foundation

/// One line of a Boulder log as rsyslog's LELogFormat template writes it (boulder
/// `log/validator/validator.go`):
///
///     <rfc3339> <host> datacenter <severity> <binary>[<pid>]: <checksum> <message>
///
/// The checksum is CRC-32/IEEE of the message, 4 bytes little-endian in unpadded base64url
/// (6 characters, `log/log.go` `LogLineChecksum`); Boulder before 2021 wrote the CRC as a uvarint
/// in 5 bytes (7 characters). Either is verified: a mismatch means the line was altered.
struct BoulderLogLine {
    let number: Int
    let time: Date
    let host: String
    let severity: Int
    /// `boulder-va`, `boulder-remoteva`, `boulder-ra`…
    let binary: String
    let pid: Int?
    /// The checksum as written, or nil for a line of another program (no checksum field).
    let checksum: String?
    let message: String

    enum Parsed {
        case line(BoulderLogLine)
        case malformed(String)
    }

    static func parse(_ text: Substring, number: Int) -> Parsed {
        // Split on bytes, as Go's strings.Split does: splitting Characters is far slower on long logs.
        let fields = text.utf8.split(separator: UInt8(ascii: " "), maxSplits: 6, omittingEmptySubsequences: false)
            .map { Substring($0) }
        let shape = "expected '<rfc3339> <host> datacenter <severity> <binary>[<pid>]: <checksum> <message>'"
        guard fields.count >= 6, fields[2] == "datacenter", fields[4].hasSuffix(":") else {
            return .malformed("not a Boulder log line (\(shape))")
        }
        guard let time = Timestamp.parse(String(fields[0])) else {
            return .malformed("'\(fields[0])' is not an RFC 3339 timestamp (\(shape))")
        }
        guard let severity = Int(fields[3]), (0...7).contains(severity) else {
            return .malformed("'\(fields[3])' is not a syslog severity 0–7 (\(shape))")
        }
        var tag = fields[4].dropLast()
        var pid: Int?
        if tag.hasSuffix("]"), let open = tag.lastIndex(of: "[") {
            pid = Int(tag[tag.index(after: open)..<tag.index(before: tag.endIndex)])
            tag = tag[..<open]
        }
        let candidate = String(fields[5])
        // Over bytes: Character's isLetter took a tenth of parsing a line. ASCII only, so bytes count characters.
        let hasChecksum = (candidate.utf8.count == 6 || candidate.utf8.count == 7) && candidate.utf8.allSatisfy(Self.isBase64URL)
        let message = hasChecksum ? (fields.count > 6 ? String(fields[6]) : "") : fields[5...].joined(separator: " ")
        return .line(
            BoulderLogLine(
                number: number, time: time, host: String(fields[1]), severity: severity, binary: String(tag), pid: pid,
                checksum: hasChecksum ? candidate : nil, message: message))
    }

    /// The checksum Boulder writes for `message` in the form (6 or 7 characters) of `written`.
    static func checksum(of message: String, like written: String) -> String {
        var message = message
        let crc = message.withUTF8 { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
        var encoded: [UInt8]
        if written.utf8.count == 7 {
            encoded = []
            var rest = crc
            while rest >= 0x80 {
                encoded.append(UInt8(rest & 0x7F) | 0x80)
                rest >>= 7
            }
            encoded.append(UInt8(rest))
            encoded += [UInt8](repeating: 0, count: 5 - encoded.count)
        } else {
            encoded = (0..<4).map { UInt8((crc >> (8 * $0)) & 0xFF) }
        }
        return base64URL(encoded)
    }

    /// Unpadded base64url (RFC 4648 §5), as Go's `base64.RawURLEncoding`: once per line, where
    /// Foundation's encoder and three replacements cost more than the CRC.
    static func base64URL(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count * 4 + 2) / 3)
        for start in stride(from: 0, to: bytes.count, by: 3) {
            let chunk = bytes[start..<min(start + 3, bytes.count)]
            let value = chunk.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (16 - 8 * $1.offset) }
            for index in 0...chunk.count { out.append(alphabet[Int(value >> (18 - 6 * index)) & 0x3F]) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether the written checksum matches the message; true for lines without one.
    var checksumHolds: Bool {
        guard let checksum else { return true }
        return Self.checksum(of: message, like: checksum) == checksum
    }

    private static func isBase64URL(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "_"):
            true
        default: false
        }
    }

    /// Where the line came from, for the record's `log`.
    var audit: BoulderAuditLine {
        BoulderAuditLine(line: number, host: host, binary: binary, pid: pid, severity: severity, loggedAt: time)
    }
}
