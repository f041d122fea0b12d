import EvidenceModel
import Foundation
import Testing

@testable import Collectors

/// A second response of one command for one key is rejected, whichever command it is and wherever it
/// sits (the same file or another input of the run): silently keeping one would drop the other.
struct AWSKMSDuplicateTests {
    let collector = AWSKMSCollector()
    let describe = AWSKMSMergeTests.describe
    let status = AWSKMSMergeTests.status

    private func failure(_ outcome: Result<[EvidenceRecord], CollectionFailure>) -> CollectionFailure? {
        if case .failure(let failure) = outcome { return failure }
        return nil
    }

    @Test(arguments: [
        (AWSKMSMergeTests.status, "get-key-rotation-status", "document 3 $"),
        (AWSKMSMergeTests.rotations, "list-key-rotations", "document 3 $.Rotations[0]"),
    ])
    func aSecondResponseOfOneCommandInOneFileIsRejected(response: String, command: String, location: String) {
        let text = [describe, response, response].joined(separator: "\n")
        #expect(
            CollectorHarness.failure(collector, text: text, fileName: "k.json")
                == CollectionFailure(
                    file: "k.json", location: location,
                    reason: "duplicate \(command) response for KeyId 'k1' (also at document 2 $)"))
    }

    @Test func aSecondRotationStatusInAnotherFileIsRejectedAndTheKeyStillRecorded() throws {
        let outcomes = collector.records(merging: [
            CollectorHarness.input(Data((describe + status).utf8), fileName: "k1.json"),
            CollectorHarness.input(Data(status.utf8), fileName: "again.json"),
        ])
        #expect(
            failure(outcomes[1])
                == CollectionFailure(
                    file: "again.json", location: "$",
                    reason: "duplicate get-key-rotation-status response for KeyId 'k1' (also at document 2 $ of k1.json)"))
        guard case .success(let records) = outcomes[0] else { throw CollectionFailure(file: "k1.json", location: "", reason: "rejected") }
        #expect(records.first?.data["rotation_enabled"] == true)
    }

    /// A file whose own responses name a key twice is rejected as a whole; a later input describing
    /// the same key is then joined without it, not blamed for the rejected file's responses.
    @Test func aFileWithItsOwnDuplicateIsRejectedAndALaterFileOfTheSameKeyKept() throws {
        let outcomes = collector.records(merging: [
            CollectorHarness.input(Data([describe, status, status].joined(separator: "\n").utf8), fileName: "twice.json"),
            CollectorHarness.input(Data((describe + status).utf8), fileName: "once.json"),
        ])
        #expect(
            failure(outcomes[0])
                == CollectionFailure(
                    file: "twice.json", location: "document 3 $",
                    reason: "duplicate get-key-rotation-status response for KeyId 'k1' (also at document 2 $)"))
        guard case .success(let records) = outcomes[1] else { throw CollectionFailure(file: "once.json", location: "", reason: "rejected") }
        #expect(records.count == 1 && records.first?.data["rotation_enabled"] == true)
    }

    /// A run of many faulty files (a script that appended every response twice, statuses of keys
    /// whose descriptions are rejected) rejects each, naming its own fault, and keeps the rest: the
    /// faults are found together, not one join again each.
    @Test func manyFaultyFilesAreEachRejectedAndTheRestKept() throws {
        func key(_ id: String, _ text: String) -> String { text.replacingOccurrences(of: "k1", with: id) }
        var files: [(String, String)] = []
        for number in 0..<6 {
            let id = "key\(number)"
            files.append(("\(id).describe.json", [key(id, describe), key(id, describe)].joined(separator: "\n")))
            files.append(("\(id).status.json", key(id, status)))
        }
        files.append(("good.json", [key("good", describe), key("good", status)].joined(separator: "\n")))
        let outcomes = collector.records(merging: files.map { CollectorHarness.input(Data($0.1.utf8), fileName: $0.0) })
        for number in 0..<6 {
            #expect(
                failure(outcomes[2 * number])?.reason
                    == "duplicate describe-key response for KeyId 'key\(number)' (also at document 1 $.KeyMetadata)")
            #expect(
                failure(outcomes[2 * number + 1])?.reason
                    == "rotation status for KeyId 'key\(number)' without its describe-key response in this file or the run's other aws-kms inputs")
        }
        guard case .success(let records) = outcomes[12] else { throw CollectionFailure(file: "good.json", location: "", reason: "rejected") }
        #expect(records.count == 1)
    }

    /// A rejected input adds nothing to the run, whatever it added before its fault: its status of
    /// an earlier input's key and a key it described first are gone, so a later status of that key
    /// and a later description of the other are not duplicates.
    @Test func aRejectedInputAddsNothingOfWhatItHeldBeforeItsFault() throws {
        func key(_ id: String, _ text: String) -> String { text.replacingOccurrences(of: "k1", with: id) }
        let outcomes = collector.records(merging: [
            CollectorHarness.input(Data(describe.utf8), fileName: "k1.json"),
            CollectorHarness.input(Data([status, key("k2", describe), describe].joined(separator: "\n").utf8), fileName: "mixed.json"),
            CollectorHarness.input(Data(key("k2", describe).utf8), fileName: "k2.json"),
            CollectorHarness.input(Data(status.utf8), fileName: "k1-status.json"),
        ])
        #expect(
            failure(outcomes[1])?.reason == "duplicate describe-key response for KeyId 'k1' (also at $.KeyMetadata of k1.json)")
        guard case .success(let first) = outcomes[0], case .success(let second) = outcomes[2], case .success(let status) = outcomes[3]
        else { throw CollectionFailure(file: "", location: "", reason: "rejected: \(outcomes)") }
        #expect(first.map(\.subject) == ["key:arn:aws:kms:eu-west-1:111122223333:key/k1"])
        #expect(first.first?.data["merged_from"]?.arrayValue?.map { $0["name"] } == ["k1-status.json"])
        #expect(first.first?.data["rotation_enabled"] == true)
        #expect(second.map(\.subject) == ["key:arn:aws:kms:eu-west-1:111122223333:key/k2"])
        #expect(status.isEmpty)
    }

    /// The same folder of one file per key and command, collected twice: each file of the second
    /// copy is rejected, naming the first, and the first copy's keys are recorded. (Each rejected file
    /// cost a join of the whole run again: 1,500 files twice took 69 s.)
    @Test func theSameFolderTwiceRejectsEachSecondCopy() throws {
        func key(_ id: String, _ text: String) -> String { text.replacingOccurrences(of: "k1", with: id) }
        var folder: [(String, String)] = []
        for number in 0..<300 {
            folder.append(("key\(number)-describe.json", key("key\(number)", describe)))
            folder.append(("key\(number)-status.json", key("key\(number)", status)))
        }
        let files = (folder.map { ("a/\($0.0)", $0.1) } + folder.map { ("b/\($0.0)", $0.1) })
        let outcomes = collector.records(merging: files.map { CollectorHarness.input(Data($0.1.utf8), fileName: $0.0) })
        var recorded = 0
        for (position, outcome) in outcomes.enumerated() {
            if position < folder.count {
                guard case .success(let records) = outcome else { throw CollectionFailure(file: files[position].0, location: "", reason: "rejected") }
                recorded += records.count
            } else {
                let name = folder[position - folder.count].0
                let command = name.hasSuffix("describe.json") ? "describe-key" : "get-key-rotation-status"
                let at = name.hasSuffix("describe.json") ? "$.KeyMetadata" : "$"
                let id = String(name.prefix { $0 != "-" })
                #expect(failure(outcome)?.reason == "duplicate \(command) response for KeyId '\(id)' (also at \(at) of a/\(name))")
            }
        }
        #expect(recorded == 300)
    }

    @Test func pagesOfOneRotationListingAreJoined() throws {
        let firstPage = """
            {"Rotations": [{"KeyId": "k1", "RotationDate": "2026-04-01T08:00:00+00:00", "RotationType": "ON_DEMAND"}],
             "Truncated": true, "NextMarker": "page-2"}
            """
        let text = [describe, firstPage, AWSKMSMergeTests.rotations].joined(separator: "\n")
        let key = try #require(try CollectorHarness.records(collector, text: text, fileName: "k.json").first)
        #expect(key.data["native"]?["Rotations"]?.arrayValue?.count == 2)
        #expect(key.data["current_material_created_at"] == "2026-10-01T08:00:00Z")
    }

    /// A `Truncated` that is not a boolean is a fault only when another listing of the same key
    /// asks whether the first was a page; it is then named where it is.
    @Test func aMalformedTruncatedIsAFaultOnlyWhenAnotherListingFollows() throws {
        let oddPage = #"{"Rotations": [{"KeyId": "k1", "RotationDate": "2026-04-01T08:00:00+00:00"}], "Truncated": "yes"}"#
        let alone = try CollectorHarness.records(collector, text: [describe, oddPage].joined(separator: "\n"), fileName: "k.json")
        #expect(alone.first?.data["current_material_created_at"] == "2026-04-01T08:00:00Z")
        let followed = [describe, oddPage, AWSKMSMergeTests.rotations].joined(separator: "\n")
        #expect(
            CollectorHarness.failure(collector, text: followed, fileName: "k.json")
                == CollectionFailure(file: "k.json", location: "document 2 $.Truncated", reason: "expected boolean, found string"))
    }
}
