import EvidenceModel
import Foundation
import SwiftASN1

/// One Signed Certificate Timestamp embedded in a certificate (RFC 6962 §3.2).
struct SignedCertificateTimestamp: Equatable {
    let version: UInt8
    let logID: [UInt8]
    /// Milliseconds since the epoch, as the log signed it.
    let timestamp: UInt64
    let extensions: [UInt8]
    let hashAlgorithm: UInt8
    let signatureAlgorithm: UInt8
    let signature: [UInt8]

    var date: Date { Date(timeIntervalSince1970: Double(timestamp) / 1000) }

    /// `{"version": "v1", "log_id": base64, "timestamp": RFC 3339 ms, …}` for a record's `scts`.
    var jsonValue: JSONValue {
        var object: [String: JSONValue] = [
            "version": .string(version == 0 ? "v1" : "unknown(\(version))"),
            "log_id": .string(Data(logID).base64EncodedString()),
            "timestamp": .string(Timestamp.format(date)),
            "hash_algorithm": .string(Self.hashNames[hashAlgorithm] ?? "unknown(\(hashAlgorithm))"),
            "signature_algorithm": .string(Self.signatureNames[signatureAlgorithm] ?? "unknown(\(signatureAlgorithm))"),
        ]
        if !extensions.isEmpty { object["extensions"] = .string(extensions.lowercaseHex) }
        return .object(object)
    }

    /// RFC 5246 §7.4.1.4.1 HashAlgorithm and SignatureAlgorithm, plus RFC 8422's ed25519 (7).
    private static let hashNames: [UInt8: String] = [
        0: "none", 1: "md5", 2: "sha1", 3: "sha224", 4: "sha256",
        5: "sha384", 6: "sha512", 8: "intrinsic",
    ]
    private static let signatureNames: [UInt8: String] = [
        0: "anonymous", 1: "rsa", 2: "dsa", 3: "ecdsa",
        7: "ed25519", 8: "ed448",
    ]
}

/// Reads the value of the X.509 extension 1.3.6.1.4.1.11129.2.4.2: an OCTET STRING holding the
/// TLS-encoded `SignedCertificateTimestampList` (RFC 6962 §3.3).
///
/// ```
/// opaque SerializedSCT<1..2^16-1>;
/// struct { SerializedSCT sct_list <1..2^16-1>; } SignedCertificateTimestampList;
/// ```
/// Every length is checked against what is left, so a truncated or padded list is an error
/// naming the byte offset, never a shorter list.
enum SCTListParser {
    struct Failure: Error, Equatable { let reason: String }

    static func parse(extensionValue: ArraySlice<UInt8>) throws(Failure) -> [SignedCertificateTimestamp] {
        let list: ArraySlice<UInt8>
        do {
            list = try ASN1OctetString(derEncoded: extensionValue).bytes
        } catch {
            throw Failure(reason: "extension value is not a DER OCTET STRING (\(DERProblem(error).reason))")
        }
        var reader = TLSReader(bytes: Array(list))
        let total = try reader.length16("sct_list")
        guard total == reader.remaining else {
            throw Failure(reason: "sct_list length \(total) but \(reader.remaining) bytes follow")
        }
        guard total > 0 else { throw Failure(reason: "empty sct_list (RFC 6962 requires at least one SCT)") }
        var scts: [SignedCertificateTimestamp] = []
        while reader.remaining > 0 {
            let index = scts.count + 1
            let length = try reader.length16("SCT \(index) length")
            var sct = TLSReader(bytes: try reader.bytes(length, "SCT \(index)"), base: reader.offset - length)
            scts.append(try parseOne(&sct, index: index))
        }
        return scts
    }

    private static func parseOne(_ r: inout TLSReader, index: Int) throws(Failure) -> SignedCertificateTimestamp {
        let version = try r.byte("SCT \(index) version")
        guard version == 0 else {
            // Only v1 has a defined layout; a later version's bytes cannot be read as v1 fields.
            throw Failure(reason: "SCT \(index) has unsupported version \(version) (only v1 = 0)")
        }
        let logID = try r.bytes(32, "SCT \(index) log_id")
        let timestamp = try r.uint64("SCT \(index) timestamp")
        let extensions = try r.bytes(try r.length16("SCT \(index) extensions length"), "SCT \(index) extensions")
        let hash = try r.byte("SCT \(index) hash algorithm")
        let signatureAlgorithm = try r.byte("SCT \(index) signature algorithm")
        let signature = try r.bytes(try r.length16("SCT \(index) signature length"), "SCT \(index) signature")
        guard r.remaining == 0 else {
            throw Failure(reason: "SCT \(index) has \(r.remaining) bytes after its signature")
        }
        return SignedCertificateTimestamp(
            version: version, logID: logID, timestamp: timestamp, extensions: extensions,
            hashAlgorithm: hash, signatureAlgorithm: signatureAlgorithm,
            signature: signature)
    }
}

/// Big-endian reads over TLS presentation-language bytes, failing with the field and byte offset.
private struct TLSReader {
    let bytes: [UInt8]
    /// Where `bytes` starts in the whole list, for offsets in messages.
    var base = 0
    private(set) var position = 0

    init(bytes: [UInt8], base: Int = 0) {
        self.bytes = bytes
        self.base = base
    }

    var remaining: Int { bytes.count - position }
    var offset: Int { base + position }

    mutating func bytes(_ count: Int, _ field: String) throws(SCTListParser.Failure) -> [UInt8] {
        guard count <= remaining else {
            throw SCTListParser.Failure(
                reason: "truncated at byte \(offset): \(field) needs \(count) bytes, \(remaining) left")
        }
        defer { position += count }
        return Array(bytes[position..<(position + count)])
    }

    mutating func byte(_ field: String) throws(SCTListParser.Failure) -> UInt8 {
        try bytes(1, field)[0]
    }

    mutating func length16(_ field: String) throws(SCTListParser.Failure) -> Int {
        try bytes(2, field).reduce(0) { $0 << 8 | Int($1) }
    }

    mutating func uint64(_ field: String) throws(SCTListParser.Failure) -> UInt64 {
        try bytes(8, field).reduce(0) { $0 << 8 | UInt64($1) }
    }
}
