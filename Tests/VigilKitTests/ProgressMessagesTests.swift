import EvidenceStore
import Foundation
import Testing
@testable import VigilKit

/// What an index sync says as it goes: a notice only when the index lacked entries this process did
/// not just append, a running count only for long syncs.
struct ProgressMessagesTests {
    /// Collects what was said, marking notices apart from counts.
    private final class Transcript: @unchecked Sendable {
        var lines: [String] = []
        var messages: ProgressMessages {
            ProgressMessages(notice: { self.lines.append("notice: \($0)") }, detail: { self.lines.append("detail: \($0)") })
        }
    }

    /// Reports a sync of `entries` entries in transactions of 256, one record per entry.
    private func said(entries: Int, expected: Int?) -> [String] {
        let transcript = Transcript()
        let report = transcript.messages.indexSync(expected: expected)
        var indexed = 0
        while indexed < entries {
            indexed = min(indexed + 256, entries)
            report(IndexSyncProgress(entries: entries, indexed: indexed, records: indexed))
        }
        return transcript.lines
    }

    @Test func anIndexThatFellBehindIsNoticedOnceThenCountedToItsEnd() {
        let lines = said(entries: 3000, expected: 0)
        #expect(lines.first == "notice: the index lacks 3000 entries of the signed log (an earlier run was interrupted, or one is still running); indexing them now")
        #expect(lines.filter { $0.hasPrefix("notice:") }.count == 2)
        #expect(lines.last == "notice: indexed 3000 log entries (3000 records)")
        let counts = lines.filter { $0.hasPrefix("detail:") }
        #expect(counts.count == 9, "one count per tenth reached before the end: \(counts)")
        #expect(counts.first == "detail: indexed 512 of 3000 log entries (512 records)")
    }

    @Test func whatThisProcessAppendedIsIndexedWithoutANotice() {
        #expect(said(entries: 40, expected: 40).isEmpty)
        let long = said(entries: 3000, expected: 3000)
        #expect(long.allSatisfy { $0.hasPrefix("detail:") })
        #expect(long.last == "detail: indexed 3000 log entries (3000 records)")
    }

    @Test func aRebuildCountsButNeverNotices() {
        #expect(said(entries: 3000, expected: nil).allSatisfy { $0.hasPrefix("detail:") })
        #expect(said(entries: 10, expected: nil).isEmpty)
    }

    @Test func aShortCatchUpIsNoticedWithoutACount() {
        #expect(said(entries: 5, expected: 2) == [
            "notice: the index lacks 5 entries of the signed log (an earlier run was interrupted, or one is still running); indexing them now"
        ])
    }
}
