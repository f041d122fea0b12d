/// An array kept in pages of a fixed size: it grows a page at a time, never copying what it holds
/// nor holding twice what it needs, as a doubling array does (a pack's object table of 600k
/// objects sat in a table for a million, and was copied as it grew: 50 MB of a commit's staging).
struct PagedArray<Element> {
    private static var pageSize: Int { 1 << 16 }
    private var pages: [[Element]] = []

    private(set) var count = 0

    mutating func append(_ element: Element) {
        if count % Self.pageSize == 0 {
            var page: [Element] = []
            page.reserveCapacity(Self.pageSize)
            pages.append(page)
        }
        pages[pages.count - 1].append(element)
        count += 1
    }

    subscript(position: Int) -> Element {
        pages[position / Self.pageSize][position % Self.pageSize]
    }

    /// Every element in one array, each page let go once it is copied: at most one page more than the result.
    consuming func joined() -> [Element] {
        var all: [Element] = []
        all.reserveCapacity(count)
        for index in pages.indices {
            all += pages[index]
            pages[index] = []
        }
        return all
    }
}
