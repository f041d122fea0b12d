import Testing

@testable import Collectors

struct CollectorRegistryTests {
    @Test func registryListsTheThreeCollectorsByName() {
        #expect(CollectorRegistry.names == ["fwupd", "risks", "assets"])
    }

    @Test(arguments: ["fwupd", "risks", "assets"])
    func collectorIsFoundByItsName(name: String) {
        #expect(CollectorRegistry.collector(named: name)?.name == name)
    }

    @Test func unknownNameFindsNoCollector() {
        #expect(CollectorRegistry.collector(named: "aws-kms") == nil)
    }
}
