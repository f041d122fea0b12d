import EvidenceModel
import Foundation
import Testing
import VigilTestSupport

@testable import Collectors

/// A KMS inventory read from its files (``StreamedFile``), never held whole, gives the keys its
/// bytes give; it is not bound by `file_size`; a file changed before its keys are made rejects them.
struct AWSKMSFromFileTests {
    let collector = AWSKMSCollector()

    /// Three AWS CLI arrays over `count` keys, as an inventory script writes them: describe-key,
    /// get-key-rotation-status (in another order), list-key-rotations.
    static func inventory(keys count: Int) -> [(name: String, text: String)] {
        func arn(_ n: Int) -> String { "arn:aws:kms:eu-west-1:111122223333:key/k\(n)" }
        let describe = (0..<count).map { n in
            #"{"KeyMetadata": {"KeyId": "k\#(n)", "Arn": "\#(arn(n))", "CreationDate": "2025-01-0\#(n % 9 + 1)T00:00:00Z", "#
                + #""Enabled": true, "KeyUsage": "ENCRYPT_DECRYPT", "KeyState": "Enabled", "Origin": "AWS_KMS", "#
                + #""KeyManager": "CUSTOMER", "KeySpec": "SYMMETRIC_DEFAULT", "Description": "clé ✓ \#(n)"}}"#
        }
        let status = (0..<count).reversed().map { n in
            #"{"KeyRotationEnabled": \#(n % 3 != 0), "KeyId": "\#(arn(n))", "RotationPeriodInDays": \#(90 + n % 7)}"#
        }
        let rotations = (0..<count).map { n in
            let dates = (0..<(n % 4)).map { r in #"{"KeyId": "k\#(n)", "RotationDate": "2026-0\#(r + 1)-01T08:00:00+00:00", "RotationType": "AUTOMATIC"}"# }
            return #"{"Rotations": [\#(dates.joined(separator: ", "))], "Truncated": false}"#
        }
        return [
            ("describe-key.json", "[\n" + describe.joined(separator: ",\n") + "\n]\n"),
            ("get-key-rotation-status.json", "[\n" + status.joined(separator: ",\n") + "\n]\n"),
            ("list-key-rotations.json", "[\n" + rotations.joined(separator: ",\n") + "\n]\n"),
        ]
    }

    static func fromFiles(_ files: [(name: String, text: String)], in folder: TemporaryFolder, limits: InputLimits = .standard) throws -> [CollectorInput] {
        try files.map { name, text in
            let url = folder.file(name)
            try Data(text.utf8).write(to: url)
            let file = try #require(try StreamedFile.measure(path: url.path)?.get())
            return CollectorInput(fileName: name, file: file, subject: nil, observedAt: CollectorHarness.observedAt, limits: limits)
        }
    }

    static func fromBytes(_ files: [(name: String, text: String)]) -> [CollectorInput] {
        files.map { CollectorHarness.input(Data($0.text.utf8), fileName: $0.name) }
    }

    static func ids(_ outcomes: [Result<[EvidenceRecord], CollectionFailure>]) -> [[String]?] {
        outcomes.map { try? $0.get().map(\.id) }
    }

    @Test func keysReadFromTheirFilesAreTheKeysOfTheirBytes() throws {
        let folder = try TemporaryFolder()
        let files = Self.inventory(keys: 4_000)
        #expect(files[0].text.utf8.count > StreamedFile.chunkSize, "the describe-key file spans chunks")
        let fromBytes = collector.records(merging: Self.fromBytes(files))
        let fromFiles = collector.records(merging: try Self.fromFiles(files, in: folder))
        #expect((try fromBytes[0].get()).count == 4_000)
        #expect(Self.ids(fromFiles) == Self.ids(fromBytes))
    }

    /// A run whose join rejects one file (a second describe-key of a key) reads the others again from their files.
    @Test func aRunThatRejectsAFileReadsTheOthersAgain() throws {
        let folder = try TemporaryFolder()
        var files = Self.inventory(keys: 50)
        files.append(("again.json", String(Self.inventory(keys: 1)[0].text)))
        let fromFiles = collector.records(merging: try Self.fromFiles(files, in: folder))
        let fromBytes = collector.records(merging: Self.fromBytes(files))
        #expect(Self.ids(fromFiles) == Self.ids(fromBytes))
        #expect((try? fromFiles[3].get()) == nil)
        #expect(try fromFiles[0].get().count == 50)
    }

    /// A file is read under no `file_size` limit; each response is held alone, and must fit it.
    @Test func anInventoryOverTheFileSizeLimitIsCollected() throws {
        let folder = try TemporaryFolder()
        var limits = InputLimits.standard
        limits.fileBytes = 4_096
        let files = Self.inventory(keys: 200)
        #expect(files.allSatisfy { $0.text.utf8.count > limits.fileBytes })
        let outcomes = collector.records(merging: try Self.fromFiles(files, in: folder, limits: limits))
        #expect((try outcomes[0].get()).count == 200)
        #expect(Self.ids(outcomes) == Self.ids(collector.records(merging: Self.fromBytes(files))))
    }

    /// A key's record is made from its responses read again when it is taken: a file rewritten
    /// meanwhile (a description edited, the same length) rejects the input, never a record of other bytes.
    @Test func aFileChangedBeforeItsKeysAreMadeRejectsThem() throws {
        let folder = try TemporaryFolder()
        let files = Self.inventory(keys: 20)
        let merged = collector.merge(try Self.fromFiles(files, in: folder))
        var keys = try merged[0].get()
        #expect(try keys.take(5).count == 5)
        try Data(files[0].text.replacingOccurrences(of: "clé ✓ 17", with: "clé ✗ 17").utf8).write(to: folder.file(files[0].name))
        let failure = #expect(throws: CollectionFailure.self) { try keys.take(20) }
        #expect(failure?.file == "describe-key.json" && failure?.reason.contains("changed while it was read") == true)
    }

    /// A `list-key-rotations` response naming many keys is parsed once, when read: its keys'
    /// records are made from the entries read then, not from the whole list read again per key (one
    /// list of 8,000 keys took 79 s). A list of one key is still read again (above).
    @Test func aListNamingManyKeysIsNotReadAgainPerKey() throws {
        let folder = try TemporaryFolder()
        var files = Self.inventory(keys: 30)
        let entries = (0..<30).map { n in #"{"KeyId": "k\#(n)", "RotationDate": "2026-0\#(n % 9 + 1)-01T08:00:00+00:00", "RotationType": "ON_DEMAND"}"# }
        files[2].text = #"{"Rotations": [\#(entries.joined(separator: ", "))], "Truncated": false}"#
        let fromBytes = collector.records(merging: Self.fromBytes(files))
        let merged = collector.merge(try Self.fromFiles(files, in: folder))
        var keys = try merged[0].get()
        // The list's file no longer holds the list: a key made from it read again would fail.
        try Data().write(to: folder.file(files[2].name))
        let made = try keys.take(30)
        #expect(made.map(\.id) == (try fromBytes[0].get()).map(\.id))
        #expect(made.allSatisfy { $0.data["key_material"]?.arrayValue?.count == 2 })
    }

    /// A list whose first entries name one key and a later one another is kept entry by entry: each
    /// key gets its own entries, as from one list per key.
    @Test func aListTurningToAnotherKeyKeepsEachKeysEntries() throws {
        var files = Self.inventory(keys: 2)
        func entry(_ key: Int, _ month: Int) -> String {
            #"{"KeyId": "k\#(key)", "RotationDate": "2026-0\#(month)-01T08:00:00+00:00", "RotationType": "ON_DEMAND"}"#
        }
        files[2].text = #"{"Rotations": [\#(entry(0, 1)), \#(entry(0, 2)), \#(entry(1, 3))], "Truncated": false}"#
        let mixed = try collector.records(merging: Self.fromBytes(files))[0].get()
        files[2].text =
            #"{"Rotations": [\#(entry(0, 1)), \#(entry(0, 2))], "Truncated": false}"# + "\n"
            + #"{"Rotations": [\#(entry(1, 3))], "Truncated": false}"#
        let apart = try collector.records(merging: Self.fromBytes(files))[0].get()
        #expect(mixed.map { $0.data["key_material"]?.arrayValue?.count } == [3, 2])
        #expect(mixed.map { $0.data["key_material"] } == apart.map { $0.data["key_material"] })
    }
}
