internal import CGit2

/// A git object id as 40 lowercase hex characters.
public struct GitObjectID: Sendable, Hashable, CustomStringConvertible {
    public let hex: String

    /// Written here, not by `git_oid_tostr_s`: that one writes into a buffer of libgit2's per-thread
    /// state, which exists only once libgit2 is initialized, and crashed a test making ids alone.
    init(_ oid: git_oid) { hex = withUnsafeBytes(of: oid.id, \.lowercaseHex) }

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
