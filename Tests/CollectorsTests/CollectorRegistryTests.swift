import Testing

@testable import Collectors

struct CollectorRegistryTests {
    @Test func registryListsTheThreeCollectorsByName() {
        let shipped = [
            "fwupd", "risks", "assets", "aws-kms", "cloudtrail", "iam-credential-report", "vault-transit",
            "gcp-kms", "gitlab-tokens", "aws-acm",
        ]
        #expect(Array(CollectorRegistry.names.prefix(shipped.count)) == shipped)
        #expect(Set(CollectorRegistry.names).count == CollectorRegistry.names.count)
    }

    @Test(arguments: [
        "fwupd", "risks", "assets", "aws-kms", "cloudtrail", "iam-credential-report", "vault-transit",
        "gcp-kms", "gitlab-tokens", "aws-acm",
    ])
    func collectorIsFoundByItsName(name: String) {
        #expect(CollectorRegistry.collector(named: name)?.name == name)
    }

    @Test func unknownNameFindsNoCollector() {
        #expect(CollectorRegistry.collector(named: "no-such-collector") == nil)
    }
}
