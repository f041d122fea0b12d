import EvidenceStore
import Foundation
import Testing

@testable import VigilKit

/// What an index sync says as it goes: a notice only when the index lacked entries this process did
/// not just append, a total only for long syncs (the running count is the progress bar's).
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
        #expect(
            lines.first == "notice: the index lacks 3000 entries of the signed log (an earlier run was interrupted, or one is still running); indexing them now"
        )
        #expect(lines.filter { $0.hasPrefix("notice:") }.count == 2)
        #expect(lines.last == "notice: indexed 3000 log entries (3000 records)")
        #expect(lines.filter { $0.hasPrefix("detail:") }.isEmpty, "the running count is the progress bar's")
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
        #expect(
            said(entries: 5, expected: 2) == [
                "notice: the index lacks 5 entries of the signed log (an earlier run was interrupted, or one is still running); indexing them now"
            ])
    }
}

/// The progress bar's words: what is done, of how much, how fast, and the note.
struct ProgressStepTests {
    @Test func theBarSaysHowFarHowFastAndItsNote() {
        let step = ProgressStep(task: "verifying the log", done: 5, total: 20, unit: "commits", note: "812 records")
        #expect(step.barText(elapsed: 0.5) == "verifying the log [#####···············] 5/20 commits · 812 records")
        #expect(step.barText(elapsed: 2) == "verifying the log [#####···············] 5/20 commits · 2.5/s · 812 records")
        let fast = ProgressStep(task: "indexing", done: 30_000, total: 30_000, unit: "log entries")
        #expect(fast.barText(elapsed: 2) == "indexing [####################] 30000/30000 log entries · 15k/s")
        #expect(ProgressStep(task: "x", done: 3, total: 0, unit: "u").barText(elapsed: 0) == "x [····················] 3/0 u")
        #expect(ProgressStep.rate(2_345) == "2.3k")
    }

    @Test func anIndexSyncReportsItsStepsToTheBar() {
        final class Steps: @unchecked Sendable { var all: [ProgressStep] = [] }
        let steps = Steps()
        let report = ProgressMessages(notice: { _ in }, detail: { _ in }, step: { steps.all.append($0) }).indexSync(expected: nil)
        report(IndexSyncProgress(entries: 512, indexed: 256, records: 300))
        report(IndexSyncProgress(entries: 512, indexed: 512, records: 600))
        #expect(steps.all.map(\.done) == [256, 512])
        #expect(steps.all.last == ProgressStep(task: "indexing", done: 512, total: 512, unit: "log entries", note: "600 records"))
    }
}
