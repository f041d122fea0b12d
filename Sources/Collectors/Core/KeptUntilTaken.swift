/// What makes each of a merged input's records, held in pages that are let go once the records
/// they make are taken (``MergedRecords``): a run of 400k keys held every key's responses until
/// its last record was staged, through every commit but the first.
///
/// Read from any thread (a batch's records are made on every core); ``letGo(below:)`` is called
/// between batches, when no record is being made.
final class KeptUntilTaken<Element: Sendable>: @unchecked Sendable {
    private static var pageSize: Int { 4_096 }
    private var pages: [[Element]] = []
    let count: Int

    init(_ elements: some Sequence<Element>) {
        var count = 0
        for element in elements {
            if count % Self.pageSize == 0 {
                pages.append([])
                pages[pages.count - 1].reserveCapacity(Self.pageSize)
            }
            pages[pages.count - 1].append(element)
            count += 1
        }
        self.count = count
    }

    subscript(position: Int) -> Element {
        let page = pages[position / Self.pageSize]
        precondition(!page.isEmpty, "element \(position) was let go")
        return page[position % Self.pageSize]
    }

    /// How many elements are still held.
    var held: Int { pages.reduce(0) { $0 + $1.count } }

    /// Lets go of every page wholly before `position`.
    func letGo(below position: Int) {
        for index in 0..<min(pages.count, position / Self.pageSize) where !pages[index].isEmpty { pages[index] = [] }
    }
}
