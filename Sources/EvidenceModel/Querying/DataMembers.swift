/// Which top-level members of a record's `data` a reader builds: a check judges records read with
/// only the members it reads, the others parsed as JSON and left out.
public enum DataMembers: Sendable, Hashable {
    /// These members, no others.
    case only(Set<String>)
    /// Every member but these.
    case allBut(Set<String>)

    /// Whether a reader builds `member`.
    public func contains(_ member: String) -> Bool {
        switch self {
        case .only(let kept): kept.contains(member)
        case .allBut(let leftOut): !leftOut.contains(member)
        }
    }

    /// What two readers of the same records build between them.
    public func union(_ other: DataMembers) -> DataMembers {
        switch (self, other) {
        case (.only(let a), .only(let b)): .only(a.union(b))
        case (.allBut(let a), .allBut(let b)): .allBut(a.intersection(b))
        case (.only(let kept), .allBut(let leftOut)), (.allBut(let leftOut), .only(let kept)): .allBut(leftOut.subtracting(kept))
        }
    }

    /// Whether every member is built: reading so leaves nothing out.
    public var isAll: Bool { self == .allBut([]) }
}
