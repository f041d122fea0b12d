import Testing

@testable import Collectors

struct CollectionFailureTests {
    @Test func descriptionNamesFileLocationAndReason() {
        let failure = CollectionFailure(
            file: "web-01.json", location: "$.Devices[3].Flags", reason: "expected array, found string")
        #expect(failure.description == "web-01.json: $.Devices[3].Flags: expected array, found string")
    }

    @Test func aFaultOfTheWholeFileHasNoEmptyPlace() {
        let failure = CollectionFailure(file: "keys.json", location: "", reason: "the file changed while it was read")
        #expect(failure.description == "keys.json: the file changed while it was read")
    }
}
