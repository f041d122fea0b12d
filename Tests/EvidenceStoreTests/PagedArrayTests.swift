import Testing

@testable import EvidenceStore

/// A paged array holds what an array holds, in order, across its pages.
struct PagedArrayTests {
    @Test func itHoldsWhatAnArrayHoldsAcrossPages() {
        var paged = PagedArray<Int>()
        #expect(paged.count == 0 && paged.joined().isEmpty)
        let values = (0..<200_000).map { $0 &* 2_654_435_761 % 1_000_003 }
        for value in values { paged.append(value) }
        #expect(paged.count == values.count)
        #expect(paged[0] == values[0] && paged[65_535] == values[65_535] && paged[65_536] == values[65_536])
        #expect(paged[199_999] == values[199_999])
        #expect(paged.joined() == values)
    }
}
