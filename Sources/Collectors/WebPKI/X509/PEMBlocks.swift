import Foundation

/// One `-----BEGIN CERTIFICATE-----` … `-----END CERTIFICATE-----` block of a PEM file, decoded.
struct PEMBlock {
    /// 1-based position among the file's certificate blocks (what "block 2" in a failure means).
    let index: Int
    /// The 1-based line of its BEGIN line.
    let line: Int
    let der: [UInt8]

    /// `PEM block 2 (line 31)`: the place a failure names.
    var location: String { "PEM block \(index) (line \(line))" }
}

/// Splits a PEM file (one certificate, a bundle such as `fullchain.pem`, or `openssl x509 -text`
/// output with its PEM block) into decoded certificate blocks, RFC 7468 §2 and §5.
///
/// Text between blocks is explanatory and ignored, as RFC 7468 allows. A private key block makes
/// the whole file fail: the raw input is kept in the evidence store byte for byte, and a secret
/// must never end up there.
enum PEMBlocks {
    static func certificates(in input: CollectorInput) throws(CollectionFailure) -> [PEMBlock] {
        let text = try InputText.decode(input)
        var blocks: [PEMBlock] = []
        var open: (label: String, line: Int)?
        // The open block's base64, appended in place: kept inside `open`, each append copied the whole
        // body (the tuple still held it), which made one 4 MB block take 40 s.
        var body = ""
        // "\r\n" is one Character in Swift: split on newline characters, not on "\n".
        for (offset, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            let number = offset + 1
            if let label = boundary(line, "BEGIN") {
                if let current = open {
                    throw input.failure(
                        at: "line \(number)", "BEGIN \(label) inside the \(current.label) block begun at line \(current.line) (missing END line)")
                }
                if label.contains("PRIVATE KEY") {
                    throw input.failure(at: "line \(number)", "contains a \(label); refusing to keep a secret as evidence")
                }
                open = (label, number)
                body = ""
            } else if let label = boundary(line, "END") {
                guard let current = open else {
                    throw input.failure(at: "line \(number)", "END \(label) without a BEGIN line")
                }
                guard label == current.label else {
                    throw input.failure(at: "line \(number)", "END \(label) closes the BEGIN \(current.label) block of line \(current.line)")
                }
                open = nil
                guard label == "CERTIFICATE" else {
                    throw input.failure(at: "line \(current.line)", "unsupported PEM block '\(label)' (expected CERTIFICATE)")
                }
                let block = PEMBlock(index: blocks.count + 1, line: current.line, der: [])
                blocks.append(
                    PEMBlock(
                        index: block.index, line: block.line,
                        der: try decodeBase64(body, block: block, input: input)))
                body = ""
            } else if open != nil {
                if line.contains(":") {
                    throw input.failure(at: "line \(number)", "PEM header '\(line)' is not allowed in a CERTIFICATE block (RFC 7468)")
                }
                body += line
            }
        }
        if let current = open {
            throw input.failure(at: "line \(current.line)", "BEGIN \(current.label) has no END line (truncated file?)")
        }
        if blocks.isEmpty { throw input.failure(at: "line 1", "no PEM CERTIFICATE block found") }
        return blocks
    }

    /// The label of a `-----BEGIN LABEL-----` (or END) line, or nil.
    private static func boundary(_ line: String, _ word: String) -> String? {
        let prefix = "-----\(word) "
        guard line.hasPrefix(prefix), line.hasSuffix("-----"), line.count >= prefix.count + 5 else { return nil }
        return String(line.dropFirst(prefix.count).dropLast(5))
    }

    private static func decodeBase64(
        _ body: String, block: PEMBlock, input: CollectorInput
    ) throws(CollectionFailure) -> [UInt8] {
        let alphabet = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")
        if let bad = body.unicodeScalars.first(where: { !alphabet.contains($0) }) {
            throw input.failure(at: block.location, "invalid base64 character '\(bad)'")
        }
        guard !body.isEmpty else { throw input.failure(at: block.location, "empty CERTIFICATE block") }
        guard let data = Data(base64Encoded: body) else {
            throw input.failure(at: block.location, "invalid base64 (\(body.count) characters; bad padding or truncated)")
        }
        return [UInt8](data)
    }
}
