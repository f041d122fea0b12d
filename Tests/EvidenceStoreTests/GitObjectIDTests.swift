internal import CGit2
import Foundation
import Testing

@testable import EvidenceStore

/// An object id is written as git writes it, 40 lower-case hex digits, with nothing of libgit2 set
/// up: its own formatter writes into per-thread state that exists only after `git_libgit2_init`,
/// and a test making ids before any repository was opened crashed (run alone, every time).
struct GitObjectIDTests {
    @Test func anIdIsWrittenAsGitWritesIt() throws {
        var oid = git_oid()
        withUnsafeMutableBytes(of: &oid.id) { bytes in
            for index in bytes.indices { bytes[index] = UInt8(index * 13 & 0xFF) }
        }
        let hex = GitObjectID(oid).hex
        #expect(hex == "000d1a2734414e5b6875828f9ca9b6c3d0ddeaf7")  // the bytes 0, 13, 26, … as two digits each
        #expect(GitObjectID(hex: hex)?.hex == hex)
        #expect(GitObjectID(GitObjectID(hex: hex.uppercased())?.oid ?? git_oid()).hex == hex)
    }
}
