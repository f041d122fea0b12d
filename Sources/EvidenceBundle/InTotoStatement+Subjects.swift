import Foundation

extension InTotoStatement {
    /// The subjects of a statement whose subject list is its last member, each written exactly as
    /// ``payload`` writes one (`{"digest":{"sha256":"<64 lowercase hex>"},"name":"<text>"}`, the name
    /// without escapes), read from the bytes; nil for any other form, which is then parsed as JSON.
    ///
    /// The payload must still parse as JSON with the list skipped (the caller does that), and it
    /// must name `"subject":` exactly once: a second list, skipped too, would not be told apart.
    static func subjects(writtenIn payload: Data) -> [Subject]? {
        payload.withUnsafeBytes { raw -> [Subject]? in
            let bytes = raw.bindMemory(to: UInt8.self)
            var scan = SubjectScan(bytes: bytes)
            return scan.subjects()
        }
    }
}

/// A walk over a statement's bytes for its subject list in the writer's form.
private struct SubjectScan {
    let bytes: UnsafeBufferPointer<UInt8>
    var at = 0

    private static let member = Array(#""subject":["#.utf8)
    private static let digestOpen = Array(#"{"digest":{"sha256":""#.utf8)
    private static let nameOpen = Array(#""},"name":""#.utf8)

    mutating func subjects() -> [InTotoStatement.Subject]? {
        let starts = occurrences(of: Self.member.dropLast())
        guard starts.count == 1, let start = starts.first, start > 0,
            bytes[start - 1] == UInt8(ascii: ",") || bytes[start - 1] == UInt8(ascii: "{")
        else { return nil }
        at = start
        guard take(Self.member) else { return nil }
        var subjects: [InTotoStatement.Subject] = []
        if bytes.count - at == 2, take(Array("]}".utf8)) { return subjects }
        while true {
            guard take(Self.digestOpen), let digest = hexDigest(), take(Self.nameOpen), let name = name(),
                take(Array("\"}".utf8))
            else { return nil }
            subjects.append(InTotoStatement.Subject(name: name, sha256: digest))
            if take([UInt8(ascii: ",")]) { continue }
            // The list and the statement end here, with nothing after them.
            return bytes.count - at == 2 && take(Array("]}".utf8)) ? subjects : nil
        }
    }

    /// Where `pattern` starts in the bytes, every time.
    private func occurrences(of pattern: ArraySlice<UInt8>) -> [Int] {
        guard let first = pattern.first, bytes.count >= pattern.count else { return [] }
        var found: [Int] = []
        var index = 0
        while index <= bytes.count - pattern.count {
            if bytes[index] == first, bytes[index..<(index + pattern.count)].elementsEqual(pattern) { found.append(index) }
            index += 1
        }
        return found
    }

    /// Steps past `expected` when the bytes go on with it.
    private mutating func take(_ expected: [UInt8]) -> Bool {
        guard bytes.count - at >= expected.count, bytes[at..<(at + expected.count)].elementsEqual(expected) else { return false }
        at += expected.count
        return true
    }

    /// 64 lowercase hex digits.
    private mutating func hexDigest() -> String? {
        guard bytes.count - at >= 64 else { return nil }
        let digits = UnsafeBufferPointer(rebasing: bytes[at..<(at + 64)])
        guard digits.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else { return nil }
        at += 64
        return String(decoding: digits, as: UTF8.self)
    }

    /// A name up to its closing quote: valid UTF-8 without escapes or control characters.
    private mutating func name() -> String? {
        let start = at
        while at < bytes.count, bytes[at] != UInt8(ascii: "\"") {
            guard bytes[at] >= 0x20, bytes[at] != UInt8(ascii: "\\") else { return nil }
            at += 1
        }
        return String(validating: UnsafeBufferPointer(rebasing: bytes[start..<at]), as: UTF8.self)
    }
}
