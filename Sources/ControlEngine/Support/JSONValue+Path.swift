import EvidenceModel

extension Dictionary where Key == String, Value == JSONValue {
    /// The value at a dotted path (`Flags`, `a.b`, `items.0.name`).
    ///
    /// A key that itself contains dots (`org.fwupd.hsi.Uefi.SecureBoot`) is found too: at each level
    /// the longest run of path components that is a key wins. Numeric components index arrays.
    func value(atPath path: String) -> JSONValue? {
        JSONValue.object(self).value(at: path.split(separator: ".", omittingEmptySubsequences: false).map(String.init))
    }
}

extension JSONValue {
    fileprivate func value(at components: [String]) -> JSONValue? {
        guard !components.isEmpty else { return self }
        switch self {
        case .object(let members):
            for length in stride(from: components.count, through: 1, by: -1) {
                let key = components.prefix(length).joined(separator: ".")
                if let member = members[key], let found = member.value(at: Array(components.dropFirst(length))) {
                    return found
                }
            }
            return nil
        case .array(let elements):
            guard let index = Int(components[0]), elements.indices.contains(index) else { return nil }
            return elements[index].value(at: Array(components.dropFirst()))
        default:
            return nil
        }
    }
}
