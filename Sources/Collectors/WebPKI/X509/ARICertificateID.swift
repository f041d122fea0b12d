import Foundation

/// The ACME Renewal Information certificate identifier (RFC 9773 §4.1).
///
/// base64url(AKI keyIdentifier) + "." + base64url(serial number DER content octets), without
/// padding. The serial keeps its leading 0x00 when its high bit is set, because that is what the
/// DER INTEGER holds; stripping it would name another certificate.
enum ARICertificateID {
    static func make(authorityKeyIdentifier: some Sequence<UInt8>, serial: some Sequence<UInt8>) -> String {
        base64url(authorityKeyIdentifier) + "." + base64url(serial)
    }

    /// Whether `text` has the form `<base64url>.<base64url>` (both parts non-empty, no padding).
    static func isWellFormed(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let alphabet = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        return parts.count == 2
            && parts.allSatisfy { !$0.isEmpty && $0.unicodeScalars.allSatisfy(alphabet.contains) && $0.count % 4 != 1 }
    }

    static func base64url(_ bytes: some Sequence<UInt8>) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
