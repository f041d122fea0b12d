internal import CGit2

/// A git object id as 40 lowercase hex characters.
public struct GitObjectID: Sendable, Hashable, CustomStringConvertible {
    public let hex: String

    init(_ oid: git_oid) {
        var copy = oid
        hex = String(cString: git_oid_tostr_s(&copy))
    }

    public init?(hex: String) {
        guard hex.count == 40, hex.allSatisfy(\.isHexDigit) else { return nil }
        self.hex = hex.lowercased()
    }

    var oid: git_oid {
        var oid = git_oid()
        _ = git_oid_fromstr(&oid, hex)
        return oid
    }

    public var description: String { hex }
}
