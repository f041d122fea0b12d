import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Why the file system refused a path, in words a person understands: the one reading of the
/// errors Foundation throws when a file or folder is opened, read, listed or written.
///
/// On Linux those errors print as "The operation could not be completed. (NSCocoaErrorDomain
/// error 256.)". The operating system's `errno`, which Foundation keeps as the underlying error,
/// says what went wrong; the path itself tells the rest (a dangling link, a missing folder).
public struct FileProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// `is a folder, not a file`, `permission denied`, `the folder '/srv/in' does not exist`.
    public let reason: String

    public var description: String { reason }

    /// The problem `error` reports about `path` (or about the path the error itself names, when a
    /// step such as creating a parent folder failed).
    public init(_ error: any Error, path: String) {
        let failedPath = (error as NSError).userInfo[NSFilePathErrorKey] as? String ?? path
        self.init(errno: Self.errno(of: error), path: failedPath)
    }

    /// A problem in words of its own.
    init(reason: String) { self.reason = reason }

    /// The problem an `errno` (nil when unknown) reports about `path`.
    public init(errno code: Int32?, path: String) {
        reason = code.map { Self.words(errno: $0, path: path) } ?? "the file system refused it"
    }

    /// The `errno` behind a Foundation file error, a `POSIXError`, or an `NSError` of that domain.
    static func errno(of error: any Error) -> Int32? {
        let error = error as NSError
        if error.domain == NSPOSIXErrorDomain { return Int32(error.code) }
        guard let underlying = error.userInfo[NSUnderlyingErrorKey] as? any Error else { return nil }
        return errno(of: underlying)
    }

    private static func words(errno code: Int32, path: String) -> String {
        switch code {
        case ENOENT: missing(path)
        case ENOTDIR: kind(of: path) == .file ? "is a file, not a folder" : "a part of the path is a file, not a folder"
        case EISDIR: "is a folder, not a file"
        case EACCES, EPERM: "permission denied"
        case EROFS: "the file system is read-only"
        case ENOSPC: "no space left on the device"
        case EDQUOT: "the disk quota is used up"
        case ELOOP: "too many symbolic links in a row (a link loop?)"
        case ENAMETOOLONG: "the name is too long"
        case EIO: "input/output error (the device or the file system failed)"
        case EMFILE, ENFILE: "too many files are open"
        case EEXIST: "already exists"
        case ENXIO, ENODEV: "no such device"
        default: String(cString: strerror(code)).lowercased()
        }
    }

    /// A symbolic link to nothing, a path under a folder that is not there (or is a file), or simply no file.
    private static func missing(_ path: String) -> String {
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path) {
            return "a symbolic link to '\(UntrustedText.escaped(target))', which does not exist"
        }
        let parent = (path as NSString).deletingLastPathComponent
        switch kind(of: parent) {
        case nil where !parent.isEmpty: return "the folder '\(UntrustedText.escaped(parent))' does not exist"
        case .file: return "a part of the path is a file, not a folder"
        default: return "no such file or folder"
        }
    }

    private enum Kind { case file, folder }

    private static func kind(of path: String) -> Kind? {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return nil }
        return isFolder.boolValue ? .folder : .file
    }
}
