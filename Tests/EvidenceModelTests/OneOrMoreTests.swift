import Testing

@testable import EvidenceModel

struct OneOrMoreTests {
    /// A table of lists keeps each key's elements in the order appended, the first without an array.
    @Test func aTableOfListsKeepsEachKeysElementsInOrder() {
        var lists: [String: OneOrMore<Int>] = [:]
        for (element, key) in [(5, "a"), (7, "b"), (9, "a"), (11, "a")] { lists.append(element, to: key) }
        #expect(lists["a"]?.all == [5, 9, 11] && lists["a"]?.count == 3 && lists["a"]?.rest == [9, 11])
        #expect(lists["b"]?.all == [7] && lists["b"]?.count == 1 && lists["b"]?.rest == [])
        #expect(lists["a"]?[0] == 5 && lists["a"]?[2] == 11)
        #expect(lists["a"]?.elements(from: 1, count: 2) == [9, 11] && lists["a"]?.elements(from: 0, count: 0) == [])
    }
}
