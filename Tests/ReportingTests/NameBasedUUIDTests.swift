import Testing

@testable import Reporting

struct SHA1Tests {
    private func hex(_ text: String) -> String {
        SHA1.digest(Array(text.utf8)).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    @Test(arguments: [
        ("", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
        ("abc", "a9993e364706816aba3e25717850c26c9cd0d89d"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "84983e441c3bd26ebaae4aa1f95129e5e54670f1"),
    ])
    func digestsMatchTheFIPSExamples(message: String, digest: String) {
        #expect(hex(message) == digest)
    }

    @Test func messagesAcrossABlockBoundaryDigestCorrectly() {
        // 64 and 55/56 bytes are the padding edge cases.
        #expect(hex(String(repeating: "a", count: 64)) == "0098ba824b5c16427bd7a1122a5a442a25ec644d")
        #expect(hex(String(repeating: "a", count: 55)) == "c1c8bbdc22796e28c0e15163d20899b65621d65a")
        #expect(hex(String(repeating: "a", count: 56)) == "c2db330f6083854c99d4b5bfb6e8f29f201be699")
    }
}

struct NameBasedUUIDTests {
    static let dns = NameBasedUUID(parsing: "6ba7b810-9dad-11d1-80b4-00c04fd430c8")!

    @Test func matchesRFCNameBasedUUIDsOfOtherImplementations() {
        // Python: uuid.uuid5(uuid.NAMESPACE_DNS, "python.org"), and RFC 9562 Appendix A.4's www.example.com.
        #expect(NameBasedUUID(namespace: Self.dns, name: "python.org").description == "886313e1-3b8a-5372-9b90-0c9aee199e5d")
        #expect(NameBasedUUID(namespace: Self.dns, name: "www.example.com").description == "2ed6657d-e927-568b-95e1-2665a8aea6a2")
    }

    @Test func theSameNameAlwaysGivesTheSameUUIDAndAnotherNameAnother() {
        let a = NameBasedUUID(namespace: .vigilNamespace, name: "subject\u{1F}host:web-01")
        #expect(a == NameBasedUUID(namespace: .vigilNamespace, name: "subject\u{1F}host:web-01"))
        #expect(a != NameBasedUUID(namespace: .vigilNamespace, name: "subject\u{1F}host:web-02"))
    }

    @Test func textIsVersion5WithTheRFCVariant() {
        let text = NameBasedUUID(namespace: .vigilNamespace, name: "x").description
        #expect(text.wholeMatch(of: /[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/) != nil)
        #expect(NameBasedUUID(parsing: text)?.description == text)
        #expect(NameBasedUUID(parsing: "not-a-uuid") == nil)
    }
}
