internal import CGit2
import EvidenceModel
import Foundation
import Testing

@testable import EvidenceStore

/// Folder names kept by a commit's changes read back as written, and compare as their texts do,
/// whether held as 32 bytes (64 lower-case hex digits) or as text.
struct HexOrTextTests {
    static let digest = "00ff0123456789abcdeffedcba9876543210a5a5a5a5a5a5a5a5a5a5a5a5a5a5"

    @Test(arguments: [
        digest, digest.uppercased(), String(digest.dropLast()), digest + "0", String(digest.dropLast()) + "g",
        String(repeating: "0", count: 64), String(repeating: "f", count: 64), "records", "ab", "", "é" + String(digest.dropFirst(2)),
    ])
    func aNameReadsBackAsWritten(name: String) {
        #expect(HexOrText(name).text == name)
    }

    @Test func namesAreEqualExactlyWhenTheirTextsAre() {
        let names = [Self.digest, Self.digest.uppercased(), String(Self.digest.dropLast()) + "0", "records", "Records"]
        for first in names {
            for second in names {
                #expect((HexOrText(first) == HexOrText(second)) == (first == second))
                if first == second { #expect(HexOrText(first).hashValue == HexOrText(second).hashValue) }
            }
        }
    }

    private func oid(_ byte: UInt8) -> git_oid {
        var id = git_oid()
        _ = withUnsafeMutableBytes(of: &id.id) { $0.initializeMemory(as: UInt8.self, repeating: byte) }
        return id
    }

    /// A subject's folder written early is found again by its path, in either case of its name.
    @Test func aFolderWrittenIsFoundByItsPath() throws {
        var changes = TreeChanges()
        let tree = oid(7)
        changes.setWritten("subjects/00/\(Self.digest)", to: tree)
        changes.setWritten("subjects/00/\(Self.digest.uppercased())", to: oid(8))
        #expect(changes.written(at: "subjects/00/\(Self.digest)").map(GitObjectID.init) == GitObjectID(tree))
        #expect(changes.written(at: "subjects/00/\(Self.digest.uppercased())").map(GitObjectID.init) == GitObjectID(oid(8)))
        #expect(changes.written(at: "subjects/00/\(String(Self.digest.dropLast()))0") == nil)
    }
}
