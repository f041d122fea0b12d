import Crypto
import Foundation

/// A cached payload behind an HMAC-SHA256 under the workspace's cache secret, over a label naming
/// the kind of entry, the entry's key and the payload: an entry edited, or moved to another key's
/// place, by anyone who cannot read `keys/` fails it and is a miss, never a changed verdict.
struct CacheEntryMAC {
    /// Which cache the entries belong to (and its format's version).
    let label: String
    let secret: SymmetricKey

    /// The MAC, then the payload.
    func sealed(_ payload: Data, key: String) -> Data {
        Data(HMAC<SHA256>.authenticationCode(for: covered(payload, key: key), using: secret)) + payload
    }

    /// The payload of `stored`, if its MAC holds for `key`.
    func opened(_ stored: Data, key: String) -> Data? {
        guard stored.count > 32 else { return nil }
        let payload = stored.dropFirst(32)
        guard HMAC<SHA256>.isValidAuthenticationCode(stored.prefix(32), authenticating: covered(payload, key: key), using: secret)
        else { return nil }
        return Data(payload)
    }

    private func covered(_ payload: Data, key: String) -> Data {
        var message = Data("\(label)\n\(key)\n".utf8)
        message.append(payload)
        return message
    }
}
