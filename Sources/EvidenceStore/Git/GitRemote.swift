internal import CGit2
import Foundation

/// A user name and password for an http(s) remote, as a credential helper gives them.
public struct RemotePassword: Sendable {
    public let username: String
    public let password: String

    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }
}

/// Where credentials for a remote come from; Vigil itself never stores any.
///
/// ssh always asks the ssh agent; http(s) asks `passwords` (the caller runs `git credential fill`).
public struct RemoteCredentials: Sendable {
    public let passwords: @Sendable (_ url: String, _ username: String?) -> RemotePassword?

    public init(passwords: @escaping @Sendable (_ url: String, _ username: String?) -> RemotePassword?) {
        self.passwords = passwords
    }

    public static let none = RemoteCredentials { _, _ in nil }
}

/// One push or fetch in progress: what the C callbacks need and what they found out.
private final class RemoteSession {
    let credentials: RemoteCredentials
    /// Each kind of credential is offered once: libgit2 asks again after a refusal, and asking the
    /// same source again would loop forever.
    var offered: Set<UInt32> = []
    /// References the remote refused, with its reason.
    var refused: [(reference: String, reason: String)] = []

    init(credentials: RemoteCredentials) { self.credentials = credentials }

    static func from(_ payload: UnsafeMutableRawPointer?) -> RemoteSession? {
        payload.map { Unmanaged<RemoteSession>.fromOpaque($0).takeUnretainedValue() }
    }

    func callbacks() -> git_remote_callbacks {
        var callbacks = git_remote_callbacks()
        git_remote_init_callbacks(&callbacks, UInt32(GIT_REMOTE_CALLBACKS_VERSION))
        callbacks.payload = Unmanaged.passUnretained(self).toOpaque()
        callbacks.credentials = { out, url, username, allowed, payload in
            guard let out, let session = RemoteSession.from(payload) else { return GIT_PASSTHROUGH.rawValue }
            return session.credential(
                out, url: url.map { String(cString: $0) } ?? "",
                username: username.map { String(cString: $0) }, allowed: allowed)
        }
        callbacks.push_update_reference = { reference, status, payload in
            if let status, let session = RemoteSession.from(payload) {
                session.refused.append((reference.map { String(cString: $0) } ?? "?", String(cString: status)))
            }
            return 0
        }
        return callbacks
    }

    private func credential(
        _ out: UnsafeMutablePointer<UnsafeMutablePointer<git_credential>?>, url: String, username: String?, allowed: UInt32
    ) -> Int32 {
        func offer(_ kind: git_credential_t) -> Bool { allowed & kind.rawValue != 0 && offered.insert(kind.rawValue).inserted }
        let user = username ?? ProcessInfo.processInfo.environment["USER"] ?? "git"
        if offer(GIT_CREDENTIAL_SSH_KEY) { return git_credential_ssh_key_from_agent(out, user) }
        if offer(GIT_CREDENTIAL_USERNAME) { return git_credential_username_new(out, user) }
        if offer(GIT_CREDENTIAL_USERPASS_PLAINTEXT), let found = credentials.passwords(url, username) {
            return git_credential_userpass_plaintext_new(out, found.username, found.password)
        }
        return GIT_PASSTHROUGH.rawValue
    }
}

extension GitRepository {
    /// Pushes `refspecs` to `remote` (a remote configured in this repository, or a URL or path).
    ///
    /// A reference the remote refuses (not a fast-forward, a hook said no) is an error naming it.
    func push(_ refspecs: [String], to remote: String, credentials: RemoteCredentials) throws(GitError) {
        let session = RemoteSession(credentials: credentials)
        try withRemote(remote) { handle throws(GitError) in
            var options = git_push_options()
            try GitError.check(git_push_options_init(&options, UInt32(GIT_PUSH_OPTIONS_VERSION)), "git_push_options_init")
            options.callbacks = session.callbacks()
            let code = withStringArray(refspecs) { specs in git_remote_push(handle, specs, &options) }
            try GitError.check(code, "git_remote_push")
        }
        withExtendedLifetime(session) {}
        if let first = session.refused.first {
            throw GitError(
                function: "git_remote_push", code: GIT_ENONFASTFORWARD.rawValue,
                message: "\(remote) refused \(first.reference): \(first.reason)")
        }
    }

    /// Fetches `refspecs` from `remote` (a configured remote, or a URL or path).
    func fetch(_ refspecs: [String], from remote: String, credentials: RemoteCredentials) throws(GitError) {
        let session = RemoteSession(credentials: credentials)
        try withRemote(remote) { handle throws(GitError) in
            var options = git_fetch_options()
            try GitError.check(git_fetch_options_init(&options, UInt32(GIT_FETCH_OPTIONS_VERSION)), "git_fetch_options_init")
            options.callbacks = session.callbacks()
            options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE
            options.update_fetchhead = 0
            let code = withStringArray(refspecs) { specs in git_remote_fetch(handle, specs, &options, "vigil pull") }
            try GitError.check(code, "git_remote_fetch")
        }
        withExtendedLifetime(session) {}
    }

    /// A remote by name from the repository's config, else an anonymous one for a URL or path.
    private func withRemote(_ remote: String, _ body: (OpaquePointer) throws(GitError) -> Void) throws(GitError) {
        var handle: OpaquePointer?
        if git_remote_lookup(&handle, pointer, remote) != 0 {
            try GitError.check(git_remote_create_anonymous(&handle, pointer, remote), "git_remote_create_anonymous")
        }
        guard let handle else { throw GitError.nullResult("git_remote_create_anonymous") }
        defer { git_remote_free(handle) }
        try body(handle)
    }
}

/// Hands C a `git_strarray` over `strings` for the duration of `body`.
private func withStringArray<T>(_ strings: [String], _ body: (UnsafePointer<git_strarray>) -> T) -> T {
    var pointers = strings.map { strdup($0) }
    defer { pointers.forEach { free($0) } }
    return pointers.withUnsafeMutableBufferPointer { buffer in
        var array = git_strarray(strings: buffer.baseAddress, count: buffer.count)
        return body(&array)
    }
}
