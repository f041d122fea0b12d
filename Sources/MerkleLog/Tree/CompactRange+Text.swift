import Foundation

/// A stable text form, so a writer can store its frontier next to its checkpoint.
///
/// ```
/// size 13
/// <base64 hash of leaves [0, 8)>
/// <base64 hash of leaves [8, 12)>
/// <base64 hash of leaves [12, 13)>
/// ```
/// One line `size N`, then one standard-base64 hash per perfect subtree, largest first;
/// every line ends in `\n`.
extension CompactRange {
    /// The text form described above.
    public var text: String {
        (["size \(size)"] + frontier.map { $0.data.base64EncodedString() }).map { $0 + "\n" }.joined()
    }

    /// Parses the text form; `nil` unless it is exactly what ``text`` would produce.
    public init?(text: String) {
        guard text.utf8.last == 0x0A, !text.utf8.contains(0x0D) else { return nil }
        let lines = MerkleLog.lines(of: text.dropLast())
        guard let header = lines.first, header.hasPrefix("size "),
            let size = parseDecimal(header.dropFirst(5))
        else { return nil }
        var hashes: [Data] = []
        for line in lines.dropFirst() {
            guard let hash = strictBase64(line) else { return nil }
            hashes.append(hash)
        }
        guard let range = try? CompactRange(size: size, hashes: hashes) else { return nil }
        self = range
    }
}
