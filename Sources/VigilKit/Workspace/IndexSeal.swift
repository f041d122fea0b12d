import Crypto
import EvidenceStore
import Foundation

/// A note that the index's rows were audited, bound to the index's exact bytes with a MAC under
/// the workspace secret (`keys/evaluation-cache.secret`), kept next to the index as
/// `index.sqlite.seal`. While the bytes are unchanged the next command skips the row audit; any
/// edit of `index.sqlite` or its journal breaks the seal, and the whole audit runs again.
///
/// It protects against what the row audit protects against (an index edited without the log), to
/// someone without the keys folder, who could sign a new log anyway.
///
/// v2 seals a digest of 16 MiB pieces (`EvidenceIndex.digestPiece`); a v1 seal (64 MiB pieces) does
/// not hold, so the first command after the upgrade audits the index whole and seals it again.
struct IndexSeal {
    static let header = "vigil.index-seal/v2"
    let file: URL
    let secret: SymmetricKey

    init(index: EvidenceIndex, secret: SymmetricKey) {
        file = Self.file(of: index.path)
        self.secret = secret
    }

    /// Where the seal of the index at `index` is kept.
    static func file(of index: URL) -> URL { URL(fileURLWithPath: index.path + ".seal") }

    /// Whether the seal on disk was made for exactly these index bytes.
    func holds(for digest: Data) -> Bool {
        guard let stored = FileManager.default.contents(atPath: file.path) else { return false }
        return stored == text(for: digest)
    }

    /// Seals `digest`; a seal that cannot be written only costs the next command a full audit.
    func seal(_ digest: Data) {
        try? text(for: digest).write(to: file, options: .atomic)
    }

    func remove() { try? FileManager.default.removeItem(at: file) }

    private func text(for digest: Data) -> Data {
        var message = Data("\(Self.header)\n".utf8)
        message.append(digest)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: secret)
        return Data("\(Self.header)\n\(Data(mac).lowercaseHex)\n".utf8)
    }
}

extension Workspace {
    /// Checks the index against the store's signed log before a verdict rests on it: HEAD's signed
    /// checkpoint always, every row (``EvidenceIndex/audit(against:trusting:)``) unless the index's
    /// bytes are the ones a previous full audit sealed.
    public func audit(_ index: EvidenceIndex, against store: EvidenceStore) throws(VigilError) {
        let keys = try trustedKeys()
        guard let secret = keyRing.cacheSecret() else {
            try storeCall { () throws(StoreError) in try index.audit(against: store, trusting: keys) }
            return
        }
        let seal = IndexSeal(index: index, secret: secret)
        try storeCall { () throws(StoreError) in
            try index.settleJournal()
            if seal.holds(for: try index.contentDigest()) {
                try index.auditHead(against: store, trusting: keys)
                return
            }
            seal.remove()
            let before = try index.contentDigest()
            try index.audit(against: store, trusting: keys)
            // Sealed only if nothing wrote meanwhile: the seal must name the bytes that were audited.
            if try index.contentDigest() == before { seal.seal(before) }
        }
    }

    /// Runs an index sync and, when the index was sealed before it (or new: empty, with only the
    /// objects Vigil makes), seals the result: the rows it adds are verified against the signed log
    /// as they are written, so a sealed index stays sealed across a collect and the next check needs
    /// no full audit.
    /// - Returns: whether the index was sealed (or new) before the sync, and so is sealed after it.
    @discardableResult
    func keepingSeal(of index: EvidenceIndex, sync: () throws(StoreError) -> Void) throws(VigilError) -> Bool {
        let seal = keyRing.cacheSecret().map { IndexSeal(index: index, secret: $0) }
        return try storeCall { () throws(StoreError) in
            let othersBefore = try index.commitsByOthers()
            let before = try seal.map { _ throws(StoreError) in try index.settledDigest(since: nil) }
            guard let seal, let before else {
                try sync()
                return false
            }
            // An index as its migrations left it holds nothing to audit: what a sync writes into it
            // is verified as into a sealed one (a new workspace's first check needed a whole audit).
            let held = seal.holds(for: before.value)
            var new = false
            if !held { new = try index.isAsNew() }
            guard held || new else {
                try sync()
                return false
            }
            let head = try index.indexedHead()
            try sync()
            // A sync that found the index up to date wrote nothing: the seal still names its bytes,
            // and hashing the whole index again (twice, with the audit's) would only say so.
            if held, try index.indexedHead() == head { return true }
            // Only the pieces holding the pages the sync wrote are hashed again: the rest were just
            // hashed, and a piece changed behind SQLite's back keeps a digest that no longer holds.
            let after = try index.settledDigest(since: before)
            // Another connection that committed meanwhile (between the sync's transactions) wrote
            // pages the digest took for the sync's own: sealed, its rows were believed unaudited.
            guard try index.commitsByOthers() == othersBefore else {
                seal.remove()
                return false
            }
            seal.seal(after.value)
            return true
        }
    }
}
