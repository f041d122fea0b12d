import Crypto
import Foundation

/// A cached payload behind an HMAC-SHA256 under the workspace's cache secret, over a label naming
/// the kind of entry, the entry's key and the payload: an entry edited, or moved to another key's
/// place, by anyone who cannot read `keys/` fails it and is a miss, never a changed verdict.
///
/// The MAC is taken over the label, the key and the payload in turn, never over a copy joining
/// them: a re-check memory of a million-record store is 28 MB, and each copy was held at the peak.
struct CacheEntryMAC {
    /// Which cache the entries belong to (and its format's version).
    let label: String
    let secret: SymmetricKey

    /// The bytes of a MAC, first in a stored entry.
    static let size = 32

    /// The MAC of `payload` under `key`.
    func code(_ payload: some DataProtocol, key: String) -> HashedAuthenticationCode<SHA256> { code([payload], key: key) }

    /// The MAC of the payload `pieces` make in turn, under `key`.
    func code(_ pieces: [some DataProtocol], key: String) -> HashedAuthenticationCode<SHA256> {
        var mac = started(key: key)
        for piece in pieces { mac.update(data: piece) }
        return mac.finalize()
    }

    /// The MAC of `key`'s entry before any of its payload: updated with each piece, then finalized.
    func started(key: String) -> HMAC<SHA256> {
        var mac = HMAC<SHA256>(key: secret)
        mac.update(data: Data("\(label)\n\(key)\n".utf8))
        return mac
    }
}
