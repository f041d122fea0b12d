import EvidenceModel
import Foundation
import Testing

@testable import Collectors

/// Responses of keys that no kept input describes reject their inputs, and rejecting an input takes
/// its descriptions away: a chain of such files is rejected file by file, each naming its own fault.
/// (Each link cost a join of the whole run again: 300 files took 1.6 s, 3,000 minutes.)
struct AWSKMSOrphanTests {
    let collector = AWSKMSCollector()
    static let missing = "without its describe-key response in this file or the run's other aws-kms inputs"

    private func key(_ id: String, _ text: String) -> String { text.replacingOccurrences(of: "k1", with: id) }

    private func failure(_ outcome: Result<[EvidenceRecord], CollectionFailure>) -> CollectionFailure? {
        if case .failure(let failure) = outcome { return failure }
        return nil
    }

    /// Files 0…n-1, file i holding `link(i)` and then the description of `key{i}`, and a last file
    /// describing a key of its own with its status, which is kept.
    private func chain(_ count: Int, link: (Int) -> String) throws -> [Result<[EvidenceRecord], CollectionFailure>] {
        var files = (0..<count).map { number in
            CollectorHarness.input(
                Data([link(number), key("key\(number)", AWSKMSMergeTests.describe)].joined(separator: "\n").utf8),
                fileName: "\(number).json")
        }
        let good = [key("good", AWSKMSMergeTests.describe), key("good", AWSKMSMergeTests.status)].joined(separator: "\n")
        files.append(CollectorHarness.input(Data(good.utf8), fileName: "good.json"))
        let outcomes = collector.records(merging: files)
        guard case .success(let kept) = outcomes[count] else { throw CollectionFailure(file: "good.json", location: "", reason: "rejected") }
        #expect(kept.map(\.subject) == ["key:arn:aws:kms:eu-west-1:111122223333:key/good"])
        return Array(outcomes.prefix(count))
    }

    /// File i holds the status (or the rotations) of the key file i-1 describes; file 0's names a key
    /// no file describes.
    @Test(arguments: [
        (AWSKMSMergeTests.status, "document 1 $", "rotation status for KeyId"),
        (AWSKMSMergeTests.rotations, "document 1 $.Rotations[0]", "rotations of KeyId"),
    ])
    func aChainIsRejectedFileByFile(response: String, location: String, reason: String) throws {
        let outcomes = try chain(400) { number in key(number == 0 ? "nowhere" : "key\(number - 1)", response) }
        for (number, outcome) in outcomes.enumerated() {
            let id = number == 0 ? "nowhere" : "key\(number - 1)"
            #expect(failure(outcome) == CollectionFailure(file: "\(number).json", location: location, reason: "\(reason) '\(id)' \(Self.missing)"))
        }
    }

    /// Every file holds a page of the rotations of a key no file describes: only the first list of
    /// the key is blamed in a round, and a status of a key that lost its description is blamed before
    /// any list, so every third file, holding the status of the key of the file before, names it.
    @Test func aStatusIsBlamedBeforeTheNextListOfAnUndescribedKey() throws {
        let page = #"{"Rotations": [{"KeyId": "orphan", "RotationDate": "2026-10-01T08:00:00+00:00", "RotationType": "AUTOMATIC"}], "Truncated": true}"#
        let outcomes = try chain(300) { number in
            number % 3 == 1 ? [page, key("key\(number - 1)", AWSKMSMergeTests.status)].joined(separator: "\n") : page
        }
        for (number, outcome) in outcomes.enumerated() {
            let expected =
                number % 3 == 1
                ? CollectionFailure(
                    file: "\(number).json", location: "document 2 $", reason: "rotation status for KeyId 'key\(number - 1)' \(Self.missing)")
                : CollectionFailure(file: "\(number).json", location: "document 1 $.Rotations[0]", reason: "rotations of KeyId 'orphan' \(Self.missing)")
            #expect(failure(outcome) == expected)
        }
    }
}
