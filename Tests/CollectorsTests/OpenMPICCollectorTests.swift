import EvidenceModel
import Foundation
import Testing
import VigilTestSupport

@testable import Collectors

struct OpenMPICCollectorTests {
    let collector = OpenMPICCollector()

    func records(_ name: String) throws -> [EvidenceRecord] {
        try CollectorHarness.records(collector, fixture: "mpic/" + name)
    }

    @Test func aCAAResponseKeepsEveryPerspectiveWithItsRecordsErrorsAndTime() throws {
        let record = try #require(try records("core-caa-records.json").first)
        #expect(record.kind == "mpic.result")
        #expect(record.subject == "domain:example.com")
        #expect(record.data["target"] == "Example.COM.")
        #expect(record.data["wildcard"] == false)
        #expect(record.data["check_type"] == "caa")
        #expect(record.data["validation_method"] == "caa")
        #expect(record.data["is_valid"] == true)
        #expect(record.data["actual_orchestration_parameters"]?["attempt_count"] == 2)
        #expect(record.data["check_parameters"]?["caa_domains"] == ["letsencrypt.org"])
        let perspectives = try #require(record.data["perspectives"]?.arrayValue)
        #expect(
            perspectives.map { $0["code"]?.stringValue ?? "" }
                == ["us-east-2", "us-west-2", "eu-central-1", "eu-west-2", "ap-northeast-1", "ap-southeast-2"])
        let first = perspectives[0]
        #expect(first["check_passed"] == true)
        #expect(first["check_completed"] == true)
        #expect(first["errors"] == [])
        #expect(first["details"]?["records_seen"] == ["0 issue \"letsencrypt.org\"", "0 iodef \"mailto:security@example.com\""])
        // Nanoseconds stay exact (they do not fit a double); the RFC 3339 form has milliseconds.
        #expect(first["timestamp_ns"] == "1795946400123456789")
        #expect(first["timestamp"] == "2026-11-29T10:00:00.123Z")
        #expect(perspectives[4]["errors"] == [["error_type": "mpic_error:caa_checker:lookup", "error_message": "The DNS operation timed out."]])
        #expect(perspectives[5]["check_completed"] == false)
        // Observed when the last perspective answered.
        #expect(record.observedAt == Timestamp.parse("2026-11-29T10:00:00.912Z"))
        #expect(record.data["validated_at"] == "2026-11-29T10:00:00.912Z")
        let earlier = try #require(record.data["previous_attempts"]?.arrayValue)
        #expect(earlier.count == 1)
        #expect(earlier[0].arrayValue?.map { $0["code"]?.stringValue ?? "" } == ["us-east-1", "eu-west-1"])
    }

    @Test func aDCVHTTPResponseKeepsTheMethodAndTheHTTPDetails() throws {
        let record = try #require(try records("core-dcv-http-01.json").first)
        #expect(record.subject == "domain:shop.example.net")
        #expect(record.data["validation_method"] == "acme-http-01")
        let first = record.data["perspectives"]?.arrayValue?.first
        #expect(first?["details"]?["response_status_code"] == 200)
        #expect(first?["details"]?["response_url"] == "http://shop.example.net/.well-known/acme-challenge/evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA")
        #expect(record.observedAt == Timestamp.parse("2026-11-28T09:15:00.250Z"))
    }

    @Test func anArrayOfResponsesGivesOneRecordEachAndWildcardsAreFlagged() throws {
        let found = try records("core-dcv-dns-01.json")
        #expect(found.map(\.subject) == ["domain:example.org", "domain:api.example.org"])
        #expect(found[0].data["wildcard"] == true)
        #expect(found[0].data["target"] == "*.example.org")
        #expect(found[0].data["validation_method"] == "acme-dns-01")
        #expect(found[0].data["perspectives"]?.arrayValue?.first?["details"]?["records_seen"] == ["\"LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0\""])
        #expect(found[1].data["is_valid"] == false)
        #expect(found[1].data["perspectives"]?.arrayValue?.first?["details"]?["response_code"] == 3)
    }

    @Test func collectingTwiceGivesTheSameRecords() throws {
        #expect(try records("core-caa-records.json") == (try records("core-caa-records.json")))
    }

    /// The example in open-mpic-specification openapi.yaml 3.5.0 (flat perspectives, CAA `response`) is
    /// not what Open MPIC emits (open-mpic-core 6.5.0's own MpicCaaResponse model rejects it too: "check_response
    /// Field required"): it is rejected, saying so, rather than read half. The `core-*.json` fixtures were
    /// passed through open-mpic-core 6.5.0's MpicCaaResponse/MpicDcvResponse (model_validate, model_dump).
    @Test func theStaleFlatExampleOfTheSpecificationIsRejectedWithTheReason() throws {
        let bytes = try CollectorHarness.fixture("mpic/openapi-example-response-caa.json")
        let failure = try #require(CollectorHarness.failure(collector, bytes: bytes, fileName: "example.json"))
        #expect(failure.location == "$.perspectives[0]")
        #expect(failure.reason.contains("stale example of openapi.yaml 3.5.0"))
        #expect(failure.reason.contains("check_response"))
    }

    @Test(arguments: [
        (#"{"check_type": "caa"}"#, "$", "missing required field 'domain_or_ip_target'"),
        (#"{"check_type": "x", "domain_or_ip_target": "a.example"}"#, "$.check_type", "expected 'caa' or 'dcv', found 'x'"),
        (
            #"{"check_type": "caa", "domain_or_ip_target": "a.example", "is_valid": true, "mpic_completed": true, "perspectives": [{"perspective_code": "us-east-2", "check_response": {"check_completed": true, "check_passed": "yes"}}]}"#,
            "$.perspectives[0].check_response.check_passed", "expected boolean, found string"
        ),
        (
            #"{"check_type": "caa", "domain_or_ip_target": "a.example", "is_valid": true, "mpic_completed": true, "perspectives": [{"perspective_code": "us-east-2", "check_response": {"check_completed": true, "check_passed": true, "check_type": "dcv"}}]}"#,
            "$.perspectives[0].check_response", "check_type 'dcv' in a 'caa' response"
        ),
        (
            #"{"check_type": "caa", "domain_or_ip_target": "a.example", "is_valid": true, "mpic_completed": true, "perspectives": [{"perspective_code": "us-east-2", "check_response": {"check_completed": true, "check_passed": true, "timestamp_ns": -5}}]}"#,
            "$.perspectives[0].check_response.timestamp_ns", "expected nanoseconds since 1970 (an integer), found number"
        ),
        (
            #"[{"check_type": "caa", "domain_or_ip_target": "a.example", "is_valid": true, "mpic_completed": true, "perspectives": []}, {"check_type": "caa"}]"#,
            "$[1]", "missing required field 'domain_or_ip_target'"
        ),
        (#"{"check_type": "caa", "domain_or_ip_target": "a.example", "is_valid": true, "perspectives": []}"#, "$", "missing required field 'mpic_completed'"),
        ("[]", "$", "an empty array: no MPIC response"),
        ("{\"check_type\": ", "line 1, end of file", "truncated JSON"),
    ])
    func badInputNamesTheJSONPath(text: String, location: String, reason: String) throws {
        let failure = try #require(CollectorHarness.failure(collector, text: text, fileName: "bad.json"))
        #expect(failure.file == "bad.json")
        #expect(failure.location == location)
        #expect(failure.reason.hasPrefix(reason), "\(failure.reason)")
    }
    /// An array larger than a batch is handed over a batch at a time, each response read alone: the
    /// records are those of the responses read one by one, in order. A streamed file gives the same
    /// records as its bytes held whole, is read over `file_size` (it is never held whole), and a
    /// response over it is refused naming the limit; a second document is refused where it starts.
    @Test func aLargeArrayIsHandedOverInBatchesAndAStreamedFileReadsTheSame() throws {
        let responses = try #require(try JSONValue.parse(try CollectorHarness.fixture("mpic/core-dcv-dns-01.json")).arrayValue)
        let many = (0..<300).map { n in
            guard case .object(var response) = responses[n % responses.count] else { return JSONValue.null }
            response["domain_or_ip_target"] = .string("host\(n).example.org")
            return .object(response)
        }
        let bytes = try CanonicalJSON.data(.array(many))
        var limits = InputLimits()
        limits.recordsPerCommit = 128
        let input = CollectorInput(
            fileName: "many.json", bytes: bytes, subject: nil, observedAt: CollectorHarness.input(bytes, fileName: "").observedAt, limits: limits)
        var batches: [[EvidenceRecord]] = []
        #expect(try collector.stream(from: input) { batches.append($0) }.isEmpty)
        #expect(batches.map(\.count) == [128, 128, 44])
        let found = batches.flatMap { $0 }
        #expect(found.map(\.subject) == (0..<300).map { "domain:host\($0).example.org" })
        for n in [0, 1, 299] {
            let alone = try #require(try collector.records(from: CollectorHarness.input(try CanonicalJSON.data(many[n]), fileName: "many.json")).first)
            #expect(found[n].data == alone.data)
            #expect(found[n].source == input.source)
        }

        let dir = try TemporaryFolder()
        let path = dir.url.appendingPathComponent("many.json")
        try bytes.write(to: path)
        let file = try #require(StreamedFile.measure(path: path.path)).get()
        let streamed = CollectorInput(fileName: "many.json", file: file, subject: nil, observedAt: input.observedAt, limits: limits)
        #expect(try collector.records(from: streamed).map(\.id) == found.map(\.id))
        var small = InputLimits()
        small.fileBytes = bytes.count / 10
        let overTheLimit = CollectorInput(fileName: "many.json", file: file, subject: nil, observedAt: input.observedAt, limits: small)
        #expect(try collector.records(from: overTheLimit).map(\.id) == found.map(\.id))
        small.fileBytes = 100
        let responseTooLarge = CollectorInput(fileName: "many.json", file: file, subject: nil, observedAt: input.observedAt, limits: small)
        let refused = #expect(throws: CollectionFailure.self) { _ = try collector.records(from: responseTooLarge) }
        #expect(refused?.location == "$[0]" && refused?.reason.hasSuffix("is over the limit of 100 bytes (limits.file_size in vigil.yaml)") == true)

        var twice = bytes
        twice.append(contentsOf: Data("\n".utf8) + bytes)
        try twice.write(to: path)
        let second = CollectorInput(
            fileName: "many.json", file: try #require(StreamedFile.measure(path: path.path)).get(), subject: nil, observedAt: input.observedAt)
        let held = CollectorInput(fileName: "many.json", bytes: twice, subject: nil, observedAt: input.observedAt)
        let streamedFailure = #expect(throws: CollectionFailure.self) { _ = try collector.records(from: second) }
        let heldFailure = #expect(throws: CollectionFailure.self) { _ = try collector.records(from: held) }
        #expect(streamedFailure == heldFailure && streamedFailure?.location == "line 2")
    }
}
