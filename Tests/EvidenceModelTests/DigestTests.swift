import Foundation
import Testing

@testable import EvidenceModel

struct DigestTests {
    /// FIPS 180-2 appendix B.1 and the empty message: lowercase hex, 64 digits.
    @Test func sha256HexMatchesThePublishedVectors() {
        #expect(SHA256Hex.of("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256Hex.of("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256Hex.of(Data([0x00, 0xff])).count == 64)
    }

    /// Every byte as two lowercase digits, as `String(format: "%02x")` writes it.
    @Test func bytesAreWrittenAsLowercaseHex() {
        #expect([UInt8]().lowercaseHex == "")
        #expect([0x00, 0x0f, 0xa5, 0xff].lowercaseHex == "000fa5ff")
        let all = (0...255).map(UInt8.init)
        #expect(all.lowercaseHex == all.map { String(format: "%02x", $0) }.joined())
        #expect(Data(all).dropFirst(3).lowercaseHex == all.dropFirst(3).map { String(format: "%02x", $0) }.joined())
        #expect(PackedRecordID(hex: SHA256Hex.of("abc"))?.hex == SHA256Hex.of("abc"))
    }
}

struct RecordIdentityTests {
    @Test func aRecordReadWithItsKnownIDEqualsOneReadByHashing() throws {
        let record = EvidenceRecord(
            kind: "firmware.device", subject: "host:a", observedAt: Date(timeIntervalSince1970: 1_795_132_800.1234),
            collector: "fwupd", origin: .observed, source: EvidenceSource(name: "a.json", sha256: SHA256Hex.of("a")),
            data: ["Version": "1.0"])
        let hashed = try EvidenceRecord(canonicalData: record.canonicalData)
        let known = try EvidenceRecord(canonicalData: record.canonicalData, id: record.id)
        #expect(hashed == record && known == record)
        #expect(record.id == SHA256Hex.of(record.canonicalData))
    }
}
