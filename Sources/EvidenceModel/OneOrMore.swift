/// A non-empty list kept as its first element and the rest: for tables with an entry per subject
/// where most subjects have one element, so that those hold no array of their own (an array a
/// subject was ~50 bytes of each of 400k subjects, in a collect's index sync and in a check).
public struct OneOrMore<Element: Sendable>: Sendable {
    public let first: Element
    public private(set) var rest: [Element] = []

    public init(_ first: Element) { self.first = first }

    public var count: Int { 1 + rest.count }

    /// The `position`th element (0 is `first`).
    public subscript(position: Int) -> Element { position == 0 ? first : rest[position - 1] }

    /// `count` elements from the `from`th.
    public func elements(from: Int, count: Int) -> [Element] { (from..<(from + count)).map { self[$0] } }

    /// Every element, in order.
    public var all: [Element] { [first] + rest }

    public mutating func append(_ element: Element) { rest.append(element) }
}

extension Dictionary {
    /// Appends `element` to the list under `key`, starting one if there is none.
    public mutating func append<Element>(_ element: Element, to key: Key) where Value == OneOrMore<Element> {
        if self[key]?.append(element) == nil { self[key] = OneOrMore(element) }
    }
}
