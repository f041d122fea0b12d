import EvidenceModel
import Foundation
import Testing
import VigilTestSupport

@testable import Collectors

struct AssetInventoryCollectorTests {
    let collector = AssetInventoryCollector()

    static let expectedSubjects = [
        "host:web-01", "host:lab-9", "asset:payments-db", "key:vault:transit/payments-signing",
    ]

    @Test(arguments: ["inventory.yaml", "inventory.csv"])
    func inventoryYieldsOneDeclaredAssetPerEntry(fixture: String) throws {
        let records = try CollectorHarness.records(collector, fixture: fixture).filter { $0.kind == "asset" }
        #expect(records.map(\.subject) == Self.expectedSubjects)
        #expect(records.allSatisfy { $0.origin == .declared && $0.collector == "assets" })
    }

    @Test(arguments: ["inventory.yaml", "inventory.csv"])
    func theInventoryIsOneDocumentNamedByItsFile(fixture: String) throws {
        let records = try CollectorHarness.records(collector, fixture: fixture)
        let document = try #require(records.last)
        #expect(records.filter { $0.kind == "register" }.count == 1)
        #expect(document.kind == "register")
        #expect(document.subject == "register:assets/\(fixture)")
        #expect(document.data == ["entry_kind": "asset", "entries": 4])
        #expect(document.observedAt == CollectorHarness.observedAt)
        #expect(document.source == records.first?.source, "collected with its entries")
    }

    @Test func yamlAndCSVInventoriesGiveTheSameData() throws {
        let yaml = try CollectorHarness.records(collector, fixture: "inventory.yaml").map(\.data)
        let csv = try CollectorHarness.records(collector, fixture: "inventory.csv").map(\.data)
        #expect(yaml == csv)
    }

    @Test(arguments: ["inventory.yaml", "inventory.csv"])
    func excludedAssetKeepsItsReasonAndApprover(fixture: String) throws {
        let records = try CollectorHarness.records(collector, fixture: fixture)
        let expected: [String: JSONValue] = [
            "id": "lab-9", "type": "host", "owner": "infra-lead@example.net", "tags": ["lab"], "in_scope": false,
            "exclusion_reason": "isolated test bench, no customer data", "exclusion_approved_by": "ciso@example.net",
        ]
        #expect(records[1].data == expected)
    }

    @Test func inScopeDefaultsToTrueAndAbsentExclusionFieldsAreLeftOut() throws {
        let record = try #require(try CollectorHarness.records(collector, fixture: "inventory.yaml").first)
        #expect(
            record.data == [
                "id": "web-01", "type": "host", "owner": "platform@example.net", "tags": ["prod", "web"],
                "in_scope": true,
            ])
    }

    @Test(arguments: [
        ("host", "host:x"), ("key", "key:x"), ("credential", "credential:x"), ("domain", "domain:x"),
        ("cert", "cert:x"),
        ("database", "asset:x"), ("risk", "asset:x"), ("Host", "asset:x"),
    ])
    func subjectIsTypedForSubjectTypesAndAnAssetOtherwise(type: String, subject: String) throws {
        let records = try CollectorHarness.records(collector, text: "- {id: x, type: \(type)}\n", fileName: "a.yaml")
        #expect(records.first?.subject == subject)
    }

    @Test(arguments: [
        ("- {id: host:ws-fin-014, type: host}\n", "a.yaml", "host:ws-fin-014"),
        ("id,type\nhost:ws-fin-014,host\n", "a.csv", "host:ws-fin-014"),
        ("- {id: ws-fin-014, type: host}\n", "a.yaml", "host:ws-fin-014"),
        ("- {id: 'key:arn:aws:kms:us-east-1:1:key/k', type: key}\n", "a.yaml", "key:arn:aws:kms:us-east-1:1:key/k"),
        ("- {id: asset:printer-7, type: printer}\n", "a.yaml", "asset:printer-7"),
        ("- {id: 'arn:aws:kms:us-east-1:1:key/k', type: key}\n", "a.yaml", "key:arn:aws:kms:us-east-1:1:key/k"),
    ])
    func anIdCarryingItsTypesPrefixIsUsedAsItIs(text: String, fileName: String, subject: String) throws {
        let record = try #require(try CollectorHarness.records(collector, text: text, fileName: fileName).first)
        #expect(record.subject == subject)
    }

    @Test func minimalAssetHasEmptyTagsAndNoOwner() throws {
        let record = try #require(
            try CollectorHarness.records(collector, text: "- {id: x, type: host}\n", fileName: "a.yml").first)
        #expect(record.data == ["id": "x", "type": "host", "tags": [], "in_scope": true])
    }

    @Test func sameInventoryTwiceGivesTheSameRecordIds() throws {
        let first = try CollectorHarness.records(collector, fixture: "inventory.csv").map(\.id)
        let second = try CollectorHarness.records(collector, fixture: "inventory.csv").map(\.id)
        #expect(first == second)
    }

    // MARK: CSV details

    @Test func csvFixtureHasCRLFLinesAndNoTrailingNewline() throws {
        let bytes = try CollectorHarness.fixture("inventory.csv")
        #expect(String(decoding: bytes, as: UTF8.self).contains("\r\n"))
        #expect(bytes.last != UInt8(ascii: "\n"))
    }

    @Test func quotedCellsKeepCommasDoubledQuotesAndLineBreaks() throws {
        let text = "id,type,exclusion_reason\nx,host,\"bench, \"\"lab\"\"\nonly\"\n"
        let record = try #require(try CollectorHarness.records(collector, text: text, fileName: "a.csv").first)
        #expect(record.data["exclusion_reason"] == "bench, \"lab\"\nonly")
    }

    @Test(arguments: [
        ("true", true), ("FALSE", false), ("yes", true), ("No", false), ("1", true), ("0", false), ("", true),
    ])
    func inScopeAcceptsTheUsualSpellings(cell: String, isInScope: Bool) throws {
        let text = "id,type,in_scope\nx,host,\(cell)\n"
        let record = try #require(try CollectorHarness.records(collector, text: text, fileName: "a.csv").first)
        #expect(record.data["in_scope"] == .bool(isInScope))
    }

    @Test func tagsSplitOnSemicolonsAndPipesDroppingBlanks() throws {
        let text = "id,type,tags\nx,host,prod; web|pci;;\n"
        let record = try #require(try CollectorHarness.records(collector, text: text, fileName: "a.csv").first)
        #expect(record.data["tags"] == ["prod", "web", "pci"])
    }

    @Test func columnsMayComeInAnyOrder() throws {
        let text = "type,id\nhost,web-01"
        #expect(try CollectorHarness.records(collector, text: text, fileName: "a.csv").first?.subject == "host:web-01")
    }

    @Test(arguments: ["inventory", "inventory.txt"])
    func formatIsSniffedWhenTheExtensionSaysNothing(fileName: String) throws {
        let csv = try CollectorHarness.records(collector, text: "id,type\nweb-01,host\n", fileName: fileName)
        let yaml = try CollectorHarness.records(
            collector, text: "# assets\n- {id: web-01, type: host}\n", fileName: fileName)
        #expect(csv.first?.subject == "host:web-01")
        #expect(yaml.first?.subject == "host:web-01")
    }

    // MARK: Malformed input

    static let malformed: [MalformedInput] = [
        MalformedInput(name: "empty CSV", fileName: "a.csv", text: "", location: "line 1", reason: "empty file"),
        MalformedInput(
            name: "CSV missing type column", fileName: "a.csv", text: "id,owner\nx,me\n", location: "line 1",
            reason: "missing required column 'type'"),
        MalformedInput(
            name: "CSV unknown column", fileName: "a.csv", text: "id,type,in-scope\nx,host,no\n",
            location: "line 1, column in-scope",
            reason:
                "unknown column 'in-scope' (known: id, type, owner, tags, in_scope, exclusion_reason, exclusion_approved_by, subject)"
        ),
        MalformedInput(
            name: "CSV duplicate column", fileName: "a.csv", text: "id,type,id\nx,host,y\n",
            location: "line 1, column id",
            reason: "duplicate column 'id'"),
        MalformedInput(
            name: "CSV short row", fileName: "a.csv", text: "id,type,owner\nx,host,me\ny,host\n", location: "line 3",
            reason: "expected 3 fields as in the header, found 2"),
        MalformedInput(
            name: "CSV blank id", fileName: "a.csv", text: "id,type\nx,host\r\n ,host\r\n",
            location: "line 3, column id",
            reason: "missing required field 'id'"),
        MalformedInput(
            name: "CSV bad in_scope", fileName: "a.csv", text: "id,type,in_scope\nx,host,maybe\n",
            location: "line 2, column in_scope", reason: "expected true/false, yes/no or 1/0, found 'maybe'"),
        MalformedInput(
            name: "CSV bad subject", fileName: "a.csv", text: "id,type,subject\nx,host,web-01\n",
            location: "line 2, column subject",
            reason: "subject 'web-01' must start with one of host:, key:, credential:, domain:, cert:, risk:, asset:, register:, document:, source:"),
        MalformedInput(
            name: "CSV unterminated quote", fileName: "a.csv", text: "id,type\nx,host\ny,\"host\nz,host\n",
            location: "line 3", reason: "unterminated quoted field"),
        MalformedInput(
            name: "CSV stray quote", fileName: "a.csv", text: "id,type\nx,ho\"st\n", location: "line 2",
            reason: "a quote inside an unquoted field (quote the whole field)"),
        MalformedInput(
            name: "CSV text after closing quote", fileName: "a.csv", text: "id,type\n\"x\"y,host\n", location: "line 2",
            reason: "unexpected 'y' after a closing quote"),
        MalformedInput(
            name: "CSV duplicate id", fileName: "a.csv", text: "id,type\nx,host\ny,host\nz,\"data\nbase\"\nx,key\n",
            location: "line 6, column id", reason: "duplicate id 'x' (also at line 2)"),
        MalformedInput(
            name: "YAML mapping at top", fileName: "a.yaml", text: "assets:\n  - {id: x, type: host}\n",
            location: "line 1",
            reason: "expected a list of assets (`- id: web-01 …`), found mapping"),
        MalformedInput(
            name: "YAML missing type", fileName: "a.yaml", text: "- {id: x, type: host}\n- id: y\n", location: "[1]",
            reason: "missing required field 'type'"),
        MalformedInput(
            name: "YAML tags is a string", fileName: "a.yaml", text: "- {id: x, type: host, tags: prod}\n",
            location: "[0].tags", reason: "expected a list, found string"),
        MalformedInput(
            name: "YAML tag is a list", fileName: "a.yaml", text: "- {id: x, type: host, tags: [prod, [web]]}\n",
            location: "[0].tags[1]", reason: "expected string, found list"),
        MalformedInput(
            name: "YAML bad in_scope", fileName: "a.yaml", text: "- {id: x, type: host, in_scope: maybe}\n",
            location: "[0].in_scope", reason: "expected true or false, found 'maybe'"),
        MalformedInput(
            name: "YAML misspelt field", fileName: "a.yaml", text: "- {id: x, type: host, in-scope: false}\n",
            location: "[0].in-scope",
            reason:
                "unknown field 'in-scope' (known: id, type, owner, tags, in_scope, exclusion_reason, exclusion_approved_by, subject)"
        ),
        MalformedInput(
            name: "YAML id with a control character", fileName: "a.yaml", text: "- {id: \"x\\ty\", type: host}\n",
            location: "[0].id", reason: "subject contains a tab (U+0009) at character 7"),
        MalformedInput(
            name: "YAML duplicate id", fileName: "a.yaml", text: "- {id: x, type: host}\n- {id: x, type: key}\n",
            location: "[1].id", reason: "duplicate id 'x' (also at [0])"),
        MalformedInput(
            name: "YAML id prefix contradicting the type", fileName: "a.yaml", text: "- {id: ok, type: host}\n- {id: 'key:abc', type: host}\n",
            location: "[1].id",
            reason: "id 'key:abc' carries the prefix 'key:' but type 'host' makes its subject host:… (drop the prefix or fix the type)"),
        MalformedInput(
            name: "CSV id prefix of a subject type for another type", fileName: "a.csv", text: "id,type\nhost:x,printer\n",
            location: "line 2, column id",
            reason: "id 'host:x' carries the prefix 'host:' but type 'printer' makes its subject asset:… (drop the prefix or fix the type)"),
        MalformedInput(
            name: "YAML one asset with and without its prefix", fileName: "a.yaml",
            text: "- {id: ws-1, type: host}\n- {id: 'host:ws-1', type: host}\n",
            location: "[1].id", reason: "duplicate subject 'host:ws-1' (also at [0])"),
        MalformedInput(
            name: "YAML truncated flow list", fileName: "a.yaml",
            text: "- {id: x, type: host}\n- {id: y, type: [host\n",
            location: "line 3, column 1", reason: "did not find expected ',' or ']' (while parsing a flow sequence)"),
    ]

    @Test(arguments: malformed)
    func malformedInventoryIsRejectedNamingThePlaceAndReason(_ example: MalformedInput) {
        let failure = CollectorHarness.failure(collector, text: example.text, fileName: example.fileName)
        #expect(
            failure == CollectionFailure(file: example.fileName, location: example.location, reason: example.reason))
    }
    /// A CSV inventory larger than a batch is handed over a batch at a time, then its register record
    /// counting every asset; an id repeated past the first batch is still refused, naming both rows.
    @Test func aLargeCSVInventoryIsHandedOverInBatchesThenItsRegister() throws {
        var limits = InputLimits()
        limits.recordsPerCommit = 100
        func input(_ ids: [Int]) -> CollectorInput {
            let text = (["id,type,owner"] + ids.map { "host-\($0),host,ops" }).joined(separator: "\n") + "\n"
            return CollectorInput(
                fileName: "inventory.csv", bytes: Data(text.utf8), subject: nil, observedAt: Date(timeIntervalSince1970: 1_790_000_000),
                limits: limits)
        }
        var batches: [[EvidenceRecord]] = []
        #expect(try collector.stream(from: input(Array(0..<250))) { batches.append($0) }.isEmpty)
        #expect(batches.map(\.count) == [100, 100, 50, 1])
        #expect(batches.dropLast().flatMap { $0 }.map(\.subject) == (0..<250).map { "host:host-\($0)" })
        #expect(batches.last?.first?.kind == EvidenceKind.register)
        #expect(batches.last?.first?.data["entries"] == 250)

        let late = input(Array(0..<250) + [7])
        let failure = #expect(throws: CollectionFailure.self) { try collector.records(from: late) }
        #expect(failure?.location == "line 252, column id")
        #expect(failure?.reason == "duplicate id 'host-7' (also at line 9)")
    }
}
