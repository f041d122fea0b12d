import EvidenceModel
import Foundation
import Testing

@testable import EvidenceBundle

/// A statement's subject list read from its bytes in the writer's form is the one JSON parsing
/// finds; any other form is parsed as JSON, with the same result or the same refusal.
struct InTotoStatementTests {
    static let digest = String(repeating: "0f", count: 32)

    /// The subjects as plain JSON parsing finds them (the statement's reading before the scan).
    private func parsed(_ payload: Data) throws -> [InTotoStatement.Subject] {
        let value = try JSONValue.parse(payload)
        return try #require(value["subject"]?.arrayValue).map { item in
            InTotoStatement.Subject(
                name: try #require(item["name"]?.stringValue), sha256: try #require(item["digest"]?["sha256"]?.stringValue))
        }
    }

    private func statement(_ names: [String]) -> InTotoStatement {
        InTotoStatement(
            subjects: names.enumerated().map { InTotoStatement.Subject(name: $1, sha256: SHA256Hex.of("\($0)")) },
            predicate: ["origin": "vigil.local/x", "selection": ["subjects": ["host:a"]], "tree_size": 3])
    }

    @Test(arguments: [[], ["records/a.json"], ["checkpoint", "raw/\(digest)", "records/é😀.json", "report.json", "a b\u{7f}"]])
    func theWritersListIsReadFromItsBytes(names: [String]) throws {
        let written = statement(names)
        let scanned = try #require(InTotoStatement.subjects(writtenIn: written.payload))
        #expect(scanned == written.subjects)
        #expect(try parsed(written.payload) == written.subjects)
        #expect(try InTotoStatement(payload: written.payload) == written)
    }

    /// Names with escapes, other digests, spacing or order are not the writer's form: parsed as JSON.
    @Test func anyOtherFormIsParsedAsJSONWithTheSameResult() throws {
        let escaped = statement(["a\"b", "tab\there", "back\\slash"]).payload
        let text = String(decoding: statement(["records/a.json", "raw/b"]).payload, as: UTF8.self)
        let upper = text.replacingOccurrences(of: SHA256Hex.of("0"), with: SHA256Hex.of("0").uppercased())
        let spaced = text + " "
        let extra = text.replacingOccurrences(of: #""name":"raw/b"}"#, with: #""name":"raw/b","x":1}"#)
        let nested = text.replacingOccurrences(of: #""predicate":{"#, with: #""predicate":{"subject":[],"#)
        for payload in [escaped, Data(upper.utf8), Data(spaced.utf8), Data(extra.utf8), Data(nested.utf8)] {
            #expect(InTotoStatement.subjects(writtenIn: payload) == nil, "\(String(decoding: payload, as: UTF8.self))")
            #expect(try InTotoStatement(payload: payload).subjects == parsed(payload))
        }
        #expect(try InTotoStatement(payload: escaped).subjects.map(\.name) == ["a\"b", "tab\there", "back\\slash"])
    }

    /// Two subject lists are refused as JSON parsing refuses them, whichever is in the writer's form.
    @Test func aSecondSubjectListIsRefused() {
        let text = String(decoding: statement(["records/a.json"]).payload, as: UTF8.self)
        let twice = text.replacingOccurrences(
            of: #""predicateType""#, with: #""subject":[{"digest":{"sha256":"\#(Self.digest)"},"name":"evil"}],"predicateType""#)
        #expect(twice != text)
        #expect(throws: BundleError.self) { try InTotoStatement(payload: Data(twice.utf8)) }
    }
}
