import Testing

@testable import Reporting

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
        #expect(NameBasedUUID.vigilNamespace.description == "4c1637ff-bcb4-4ae0-af1a-fdba516f5c06")
    }
}
