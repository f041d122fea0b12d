internal import CGit2
internal import GRDB

/// The C libraries this build runs with, as they report themselves (for `vigil --version`).
public enum LibraryVersions {
    public static var libgit2: String {
        var major: Int32 = 0, minor: Int32 = 0, revision: Int32 = 0
        git_libgit2_version(&major, &minor, &revision)
        return "\(major).\(minor).\(revision)"
    }

    /// Asked of an in-memory database, so no file is opened.
    public static var sqlite: String {
        (try? DatabaseQueue().read { try String.fetchOne($0, sql: "SELECT sqlite_version()") }) ?? "unknown"
    }
}
