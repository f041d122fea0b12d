import EvidenceModel

extension JSONValue {
    /// The element at `index` of an array, or nil: lets tests walk parsed documents.
    subscript(index: Int) -> JSONValue? {
        guard let items = arrayValue, items.indices.contains(index) else { return nil }
        return items[index]
    }
}
