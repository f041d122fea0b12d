import EvidenceModel
import Foundation
import Testing
import VigilTestSupport

@testable import Collectors

/// The orphan rounds `aws-kms` follows on its join give what joining the run again each round gave:
/// checked against that model, written out plainly here, on random folders without duplicates
/// (the only faults are responses of keys no kept file describes).
struct AWSKMSOrphanModelTests {
    /// One response of a file: a key's description or status, or a list of rotations of some keys.
    private enum Response {
        case description(String)
        case status(String)
        case rotations([String])
    }

    /// The rounds as the collector once ran them: join what is kept, reject every file holding the
    /// status of a key no kept file describes (naming the first such id), or, when there is none,
    /// every file holding the first kept list of such a key; again until nothing is rejected.
    private func modelFaults(_ files: [[Response]]) -> [String?] {
        var faults = [String?](repeating: nil, count: files.count)
        let missing = AWSKMSOrphanTests.missing
        while true {
            let kept = files.indices.filter { faults[$0] == nil }
            var described: Set<String> = []
            for file in kept {
                for case .description(let id) in files[file] { described.insert(id) }
            }
            var round: [Int: (id: String, reason: String)] = [:]
            // A file of one response names its place `$`, of several `document N $`.
            func place(_ file: Int, _ document: Int) -> String { files[file].count == 1 ? "$" : "document \(document + 1) $" }
            func note(_ file: Int, _ id: String, _ reason: String) {
                if let noted = round[file], noted.id <= id { return }
                round[file] = (id, reason)
            }
            for file in kept {
                for (document, response) in files[file].enumerated() {
                    if case .status(let id) = response, !described.contains(id) {
                        note(file, id, "\(place(file, document)): rotation status for KeyId '\(id)' \(missing)")
                    }
                }
            }
            if round.isEmpty {
                var firstList: [String: String] = [:]
                var blamed: [String: Int] = [:]
                for file in kept {
                    for (document, response) in files[file].enumerated() {
                        guard case .rotations(let ids) = response else { continue }
                        for (position, id) in ids.enumerated() where !described.contains(id) && blamed[id] == nil {
                            blamed[id] = file
                            firstList[id] = "\(place(file, document)).Rotations[\(position)]: rotations of KeyId '\(id)' \(missing)"
                        }
                    }
                }
                for (id, file) in blamed { note(file, id, firstList[id] ?? "") }
            }
            guard !round.isEmpty else { return faults }
            for (file, noted) in round { faults[file] = noted.reason }
        }
    }

    private func text(_ response: Response) -> String {
        func key(_ id: String, _ text: String) -> String { text.replacingOccurrences(of: "k1", with: id) }
        switch response {
        case .description(let id): return key(id, AWSKMSMergeTests.describe)
        case .status(let id): return key(id, AWSKMSMergeTests.status)
        case .rotations(let ids):
            let entries = ids.map { #"{"KeyId": "\#($0)", "RotationDate": "2026-10-01T08:00:00+00:00", "RotationType": "AUTOMATIC"}"# }
            return #"{"Rotations": [\#(entries.joined(separator: ", "))], "Truncated": false}"#
        }
    }

    /// Random folders: each key described at most once, its status given at most once, listed by at
    /// most one list; a third of the keys never described, so that rejections chain.
    private func folder(seed: UInt64) -> [[Response]] {
        var random = SeededRandom(seed: seed)
        let keys = (0..<60).map { "k\($0)" }
        var files = [[Response]](repeating: [], count: 30)
        func someFile() -> Int { Int(random.next() % UInt64(files.count)) }
        var unlisted = keys.shuffled(using: &random)
        for key in keys {
            if random.next() % 3 != 0 { files[someFile()].append(.description(key)) }
            if random.next() % 2 == 0 { files[someFile()].append(.status(key)) }
        }
        while !unlisted.isEmpty, random.next() % 4 != 0 {
            let count = min(unlisted.count, 1 + Int(random.next() % 3))
            files[someFile()].append(.rotations(Array(unlisted.prefix(count))))
            unlisted.removeFirst(count)
        }
        for index in files.indices { files[index].shuffle(using: &random) }
        return files.filter { !$0.isEmpty }
    }

    @Test(arguments: 0..<40)
    func theRoundsFollowedOnTheJoinAreTheRoundsOfJoiningAgain(seed: UInt64) {
        let files = folder(seed: seed)
        let outcomes = AWSKMSCollector().records(
            merging: files.enumerated().map { number, responses in
                CollectorHarness.input(Data(responses.map(text).joined(separator: "\n").utf8), fileName: "\(number).json")
            })
        let found = outcomes.map { outcome -> String? in
            guard case .failure(let failure) = outcome else { return nil }
            return "\(failure.location): \(failure.reason)"
        }
        let expected = modelFaults(files)
        for (file, (got, wanted)) in zip(found, expected).enumerated() where got != wanted {
            Issue.record("file \(file): \(got ?? "kept") instead of \(wanted ?? "kept")")
        }
        #expect(found.contains { $0 != nil } && found.contains { $0 == nil })
    }
}
