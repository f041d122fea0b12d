import Foundation
import MessageLeaks
import Testing

/// Item 7 of #14, case by case: every rejection names the file once, the place in the input's own
/// terms (line and column, JSON path, PEM block, control and field) and the reason in words — never
/// a Swift type, a framework error domain, a source line or a C function (``MessageLeaks``).
@Suite(.serialized)
struct MessageAuditTests {
    /// A sample input with `1e400` planted as the value of the first member `key`, and where the JSON
    /// reader must place it.
    struct OutOfRange: Sendable, CustomStringConvertible {
        let collector: String
        let sample: String
        let key: String
        let place: String
        var description: String { collector }
    }

    static let outOfRange = [
        OutOfRange(
            collector: "fwupd", sample: "Evidence/firmware/web-01.devices.json", key: "VersionRaw",
            place: "$.Devices[0].VersionRaw"),
        OutOfRange(
            collector: "fwupd-security", sample: "Evidence/firmware/web-01.security.json", key: "Created",
            place: "$.SecurityAttributes[0].Created"),
        OutOfRange(
            collector: "aws-kms", sample: "Evidence/keys/aws-kms-inventory.json", key: "RotationPeriodInDays",
            place: "$[1].RotationPeriodInDays"),
        OutOfRange(
            collector: "iam-credential-report", sample: "Evidence/keys/aws-iam-credential-report.json", key: "Content",
            place: "$.Content"),
        OutOfRange(
            collector: "vault-transit", sample: "Evidence/keys/vault-transit-keys.json", key: "auto_rotate_period",
            place: "document 1 $.data.auto_rotate_period"),
        OutOfRange(
            collector: "gcp-kms", sample: "Evidence/keys/gcloud-kms-keys.json", key: "rotationPeriod",
            place: "document 1 $[0].rotationPeriod"),
        OutOfRange(
            collector: "gitlab-tokens", sample: "Evidence/keys/gitlab-personal-access-tokens.json", key: "user_id",
            place: "$[0].user_id"),
        OutOfRange(
            collector: "aws-acm", sample: "Evidence/keys/aws-acm-certificates.json", key: "NotAfter",
            place: "document 1 $.Certificate.NotAfter"),
        OutOfRange(
            collector: "cloudtrail", sample: "Tests/CollectorsTests/Fixtures/keys/cloudtrail-kms-iam.json",
            key: "rotationPeriodInDays", place: "$.Records[1].requestParameters.rotationPeriodInDays"),
        OutOfRange(
            collector: "inspec", sample: "Tests/CollectorsTests/Fixtures/inspec-json_output.json", key: "run_time",
            place: "$.profiles[0].controls[0].results[0].run_time"),
        OutOfRange(
            collector: "oscal-poam", sample: "Tests/CollectorsTests/Fixtures/ifa_plan-of-action-and-milestones.json",
            key: "start", place: "$.plan-of-action-and-milestones.risks[0].remediations[0].tasks[0].timing.within-date-range.start"),
        OutOfRange(
            collector: "mpic", sample: "Evidence/webpki/mpic/api.example.net.json", key: "quorum_count",
            place: "$.request_orchestration_parameters.quorum_count"),
        OutOfRange(
            collector: "ari", sample: "Evidence/webpki/ari/2026-10-01/TMrzUTlnNTtbIBK2yb4PRBvwlSY.WzUobjBczmWVeLEoJZboEyhoAtI.json",
            key: "start", place: "$.suggestedWindow.start"),
    ]

    @Test(arguments: outOfRange)
    func aNumberOutOfRangeDeepInAJSONInputIsNamedByItsPath(_ example: OutOfRange) throws {
        let scratch = try Scratch()
        #expect(try scratch.vigil(["init", "--controls", "none"]).status == 0)
        let sample = try String(contentsOf: ShippedDemoTests.repository.appendingPathComponent(example.sample), encoding: .utf8)
        let name = "in/" + (example.sample as NSString).lastPathComponent
        try scratch.write(name, try Self.planting("1e400", as: example.key, in: sample))
        expectRejection(
            try scratch.vigil(["collect", example.collector, name]), file: name, place: example.place,
            reason: "number 1e400 is out of range (beyond ±1.8e308, the largest number JSON tools hold)")
    }

    @Test func aNumberOutOfRangeInALaterDocumentNamesThatDocument() throws {
        let scratch = try Scratch()
        #expect(try scratch.vigil(["init", "--controls", "none"]).status == 0)
        try scratch.write(
            "vault.json",
            #"{"data": {"name": "a", "latest_version": 1}}"# + "\n"
                + #"{"data": {"name": "b", "latest_version": 1, "min_decryption_version": 1e400}}"#)
        expectRejection(
            try scratch.vigil(["collect", "vault-transit", "vault.json"]), file: "vault.json",
            place: "document 2 $.data.min_decryption_version", reason: "is out of range")
    }

    @Test func aJSONValueThatIsNoValueSaysWhatWasFound() throws {
        let scratch = try Scratch()
        #expect(try scratch.vigil(["init", "--controls", "none"]).status == 0)
        try scratch.write("bad.json", "{\"Devices\": [\n  {\"DeviceId\": tru}]}")
        expectRejection(
            try scratch.vigil(["collect", "fwupd", "bad.json"]), file: "bad.json", place: "line 2, column 16",
            reason: "expected true, found 'tru'")
    }

    // MARK: Certificates: SwiftASN1 printed "ASN1Error.invalidASN1Object: … ASN1.swift:139"

    static func pem(_ der: Data) -> String {
        "-----BEGIN CERTIFICATE-----\n" + der.base64EncodedString(options: .lineLength64Characters) + "\n-----END CERTIFICATE-----\n"
    }

    @Test func aCertificateWithABadBodyIsSaidInWordsAtItsBlock() throws {
        let scratch = try Scratch()
        #expect(try scratch.vigil(["init", "--controls", "none"]).status == 0)
        let sample = try String(
            contentsOf: ShippedDemoTests.repository.appendingPathComponent("Evidence/webpki/certs/api-2026-10.pem"),
            encoding: .utf8)
        let lines = sample.split(separator: "\n")
        let body = lines.drop { !$0.hasPrefix("-----BEGIN") }.dropFirst().prefix { !$0.hasPrefix("-----END") }.joined()
        let der = try #require(Data(base64Encoded: body))
        try scratch.write("base64.pem", sample.replacingOccurrences(of: String(body.prefix(8)), with: "!notb64!"))
        expectRejection(
            try scratch.vigil(["collect", "x509", "base64.pem"]), file: "base64.pem", place: "PEM block 1 (line 1)",
            reason: "invalid base64 character '!'")
        try scratch.write("cut.pem", Self.pem(der.prefix(der.count / 2)))
        expectRejection(
            try scratch.vigil(["collect", "x509", "cut.pem"]), file: "cut.pem", place: "PEM block 1 (line 1), Certificate",
            reason: "not a DER X.509 certificate: the DER ends inside a field (truncated, or not DER at all)")
        try scratch.write("trailing.pem", Self.pem(der + Data([0, 0])))
        expectRejection(
            try scratch.vigil(["collect", "x509", "trailing.pem"]), file: "trailing.pem",
            place: "PEM block 1 (line 1), Certificate", reason: "2 bytes follow the end of the certificate")
    }

    // MARK: Files that cannot be read: Foundation printed "NSCocoaErrorDomain error 256"

    @Test func anInputThatCannotBeReadIsNamedOnceWithTheReason() throws {
        let scratch = try Scratch()
        #expect(try scratch.vigil(["init", "--controls", "none"]).status == 0)
        try FileManager.default.createSymbolicLink(
            atPath: scratch.url.appendingPathComponent("gone.json").path,
            withDestinationPath: "/nonexistent/devices.json")
        expectRejection(
            try scratch.vigil(["collect", "fwupd", "gone.json"]), file: "gone.json", place: nil,
            reason: "a symbolic link to '/nonexistent/devices.json', which does not exist")
        try scratch.write("plain.json", Fixtures.fwupd(updatable: true))
        expectRejection(
            try scratch.vigil(["collect", "fwupd", "plain.json/devices.json"]), file: "plain.json/devices.json",
            place: nil, reason: "a part of the path is a file, not a folder")
        guard geteuid() != 0 else { return }  // root reads a file whatever its mode
        let locked = try scratch.write("locked.json", Fixtures.fwupd(updatable: true))
        try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: locked.path)
        expectRejection(
            try scratch.vigil(["collect", "fwupd", "locked.json"]), file: "locked.json", place: nil,
            reason: "permission denied")
    }

    @Test func aSourceOfVigilYAMLThatMatchesNothingIsNamedOnce() throws {
        let scratch = try Scratch()
        try scratch.write("vigil.yaml", "sources:\n  - {collector: fwupd, path: \"nothing/*.json\"}\n")
        #expect(try scratch.vigil(["init", "--controls", "none"]).status == 0)
        expectRejection(try scratch.vigil(["collect"]), file: "nothing/*.json", place: "sources[0]", reason: "matched no files")
    }

    @Test func aFolderWhereAFileIsNeededAndAFileWhereAFolderIsNeededAreSaidInWords() throws {
        let scratch = try Scratch()
        try FileManager.default.createDirectory(
            at: scratch.url.appendingPathComponent("Controls/odd.yaml"),
            withIntermediateDirectories: true)
        expectRejection(
            try scratch.vigil(["controls", "lint", "Controls"]), file: "Controls/odd.yaml", place: nil,
            reason: "is a folder, not a file")
        try scratch.write("notes.txt", "not a folder")
        expectRejection(
            try scratch.vigil(["controls", "lint", "notes.txt"]), file: "notes.txt", place: nil,
            reason: "is a file, not a folder")
        try FileManager.default.createDirectory(at: scratch.url.appendingPathComponent("conf.yaml"), withIntermediateDirectories: true)
        expectRejection(
            try scratch.vigil(["controls", "lint", "--config", "conf.yaml"]), file: "conf.yaml", place: nil,
            reason: "is a folder, not a file")
    }

    /// A file a control names (advisories) and a `--trust` key file say why they cannot be read.
    @Test func filesNamedInsideControlsAndOnTheCommandLineSayWhyTheyCannotBeRead() throws {
        let scratch = try Scratch()
        try scratch.write(
            "Controls/fw.yaml",
            """
            - id: FW-03
              title: No known-vulnerable firmware
              severity: high
              evidence: firmware.device
              check: {type: firmware_not_vulnerable, advisories: advisories/vulns.json}
            """)
        expectRejection(
            try scratch.vigil(["controls", "lint", "Controls"]), file: "Controls/fw.yaml", place: "check.advisories",
            reason: "cannot read 'advisories/vulns.json' (a path relative to the control file): the folder")
        try scratch.write("note.txt", "x\n")
        try FileManager.default.createDirectory(at: scratch.url.appendingPathComponent("keys.vkey"), withIntermediateDirectories: true)
        expectRejection(
            try scratch.vigil(["log", "verify-note", "note.txt", "--trust", "keys.vkey"]), file: "keys.vkey", place: nil,
            reason: "is a folder, not a file")
    }

    /// Writing is an I/O error (exit 4), said in the same words.
    @Test func aReportWrittenOverAFolderIsSaidInWords() throws {
        let scratch = try Scratch()
        try scratch.write("Controls/controls.yaml", Fixtures.controls)
        #expect(try scratch.vigil(["init", "--controls", "none"]).status == 0)
        try FileManager.default.createDirectory(at: scratch.url.appendingPathComponent("out"), withIntermediateDirectories: true)
        expectRejection(
            try scratch.vigil(["check", "--output", "out"]), exit: 4, file: "out", place: "cannot write",
            reason: "is a folder, not a file")
    }

    /// ZIPFoundation printed its case name, `missingEndOfCentralDirectoryRecord`. A file that is not a
    /// bundle at all (empty, or not a zip from its first byte) is an input error, exit 2 (DESIGN §12);
    /// a zip cut short is a bundle that does not verify, exit 3.
    @Test func aFileThatIsNotAZipIsSaidInWords() throws {
        let scratch = try Scratch()
        #expect(try scratch.vigil(["init", "--controls", "none"]).status == 0)
        let key = try #require(
            try FileManager.default.contentsOfDirectory(atPath: scratch.url.appendingPathComponent(".vigil/keys").path)
                .first { $0.hasSuffix(".pub") })
        let verify = { (file: String) throws -> VigilRun in try scratch.vigil(["bundle", "verify", "--trust", ".vigil/keys/\(key)", file]) }
        try scratch.write("report.zip", "not a zip")
        expectRejection(
            try verify("report.zip"), exit: 2, file: "report.zip", place: "not a bundle",
            reason: "it does not start as a zip archive does")
        try scratch.write("empty.zip", "")
        expectRejection(try verify("empty.zip"), exit: 2, file: "empty.zip", place: "not a bundle", reason: "the file is empty")
        try scratch.write("cut.zip", "PK\u{3}\u{4}and then nothing a zip needs")
        expectRejection(
            try verify("cut.zip"), exit: 3, file: "cut.zip", place: "bundle",
            reason: "not a zip archive: it has no zip directory at its end (not a zip, or cut short)")
    }

    // MARK: YAML: libyaml said "set with yaml_set_max_nest_level()"

    static let deepFlow = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)

    @Test func yamlNestedTenThousandDeepIsTheNestingBoundAtItsPlace() throws {
        let scratch = try Scratch()
        try scratch.write("Controls/deep.yaml", "- id: X-1\n  title: \(Self.deepFlow)\n")
        expectRejection(
            try scratch.vigil(["controls", "lint", "Controls"]), file: "Controls/deep.yaml", place: "line 2, column ",
            reason: "nested deeper than 256 levels")
        try scratch.write("deep.yaml", "workspace: \(Self.deepFlow)\n")
        expectRejection(
            try scratch.vigil(["check", "--config", "deep.yaml"]), file: "deep.yaml", place: "line 1, column ",
            reason: "nested deeper than 256 levels")
        #expect(try scratch.vigil(["init", "--controls", "none"]).status == 0)
        try scratch.write("risks.yaml", "- id: \(Self.deepFlow)\n")
        expectRejection(
            try scratch.vigil(["collect", "risks", "risks.yaml"]), file: "risks.yaml", place: "line 1, column ",
            reason: "nested deeper than 256 levels")
    }

    // MARK: Values of the wrong type

    @Test func wrongTypedControlValuesNameTheControlTheFieldAndWhatWasFound() throws {
        let scratch = try Scratch()
        try scratch.write(
            "Controls/typed.yaml",
            """
            - id: X-1
              title: {a: 1}
              severity: [high]
              evidence: firmware.device
              freshness: {days: 7}
              check: {type: firmware_updatable}
            """)
        let run = try scratch.vigil(["controls", "lint", "Controls"])
        expectRejection(run, file: "Controls/typed.yaml", place: "control X-1: field 'title'", reason: "expected text, found a mapping")
        #expect(run.stdout.contains("field 'severity': expected one of low, medium, high or critical, found a list"), "\(run.stdout)")
        #expect(run.stdout.contains("field 'freshness': expected a duration (Nd, Nh, Nm or Nw), found a mapping"), "\(run.stdout)")
    }

    @Test(arguments: [
        ("log: 5\n", "line 1", "log must be a mapping"),
        ("limits: {nesting_depth: abc}\n", "line 1", "limits.nesting_depth: 'abc' is not a whole number from 1 to 1000"),
        ("workspace: [a]\n", "line 1", "'workspace' must be a string"),
        ("sources:\n  - {collector: [fwupd], path: a}\n", "line 2", "'sources[0].collector' must be a string"),
        ("a: [1, 2\n", "line 2, column 1", "did not find expected ',' or ']' (while parsing a flow sequence)"),
    ])
    func wrongTypedVigilYAMLValuesNameTheLineAndTheReason(text: String, place: String, reason: String) throws {
        let scratch = try Scratch()
        try scratch.write("typed.yaml", text)
        expectRejection(try scratch.vigil(["check", "--config", "typed.yaml"]), file: "typed.yaml", place: place, reason: reason)
    }

    // MARK: Support

    /// The run exited with `status`, one line of its output names `file` exactly once with `place`
    /// (nil when the reason is about the whole file) and `reason`, and nothing it printed shows internals.
    private func expectRejection(
        _ run: VigilRun, exit status: Int32 = 2, file: String, place: String?, reason: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let output = run.stdout + run.stderr
        #expect(run.status == status, "exit \(run.status): \(output)", sourceLocation: sourceLocation)
        let line = output.split(separator: "\n").map(String.init).first { $0.contains(file) && $0.contains(reason) } ?? ""
        #expect(!line.isEmpty, "no line names \(file) with '\(reason)': \(output)", sourceLocation: sourceLocation)
        #expect(line.components(separatedBy: file).count == 2, "\(file) named more than once: \(line)", sourceLocation: sourceLocation)
        if let place { #expect(line.contains(place), "'\(place)' missing from: \(line)", sourceLocation: sourceLocation) }
        let leaks = MessageLeaks.found(in: output)
        #expect(leaks.isEmpty, "internals \(leaks) in: \(output)", sourceLocation: sourceLocation)
    }

    /// `text` with the value of the first member `key` replaced by `value` (written as is).
    static func planting(_ value: String, as key: String, in text: String) throws -> String {
        let name = try #require(text.range(of: "\"\(key)\""))
        var start = name.upperBound
        while start < text.endIndex, text[start] == " " || text[start] == ":" { start = text.index(after: start) }
        var end = start
        if text[end] == "\"" {
            end = text.index(after: end)
            while text[end] != "\"" { end = text.index(end, offsetBy: text[end] == "\\" ? 2 : 1) }
            end = text.index(after: end)
        } else {
            while !",}]\n ".contains(text[end]) { end = text.index(after: end) }
        }
        return text.replacingCharacters(in: start..<end, with: value)
    }
}
