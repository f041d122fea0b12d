import EvidenceModel
import Foundation
import Testing
import VigilTestSupport

@testable import Collectors

/// A log read from its file a chunk at a time (``StreamedFile``) gives what its bytes read whole
/// give, refuses what they refuse at the same byte, and is refused when it changed after it was
/// measured.
struct StreamedInputTests {
    let collector = BoulderAuditCollector()

    /// The fixture log repeated past several chunks, so that lines straddle chunk boundaries.
    func largeLog() throws -> Data {
        let log = try CollectorHarness.fixture("mpic/boulder-audit.log")
        return (0..<(3 * StreamedFile.chunkSize / log.count + 1)).reduce(into: Data()) { all, _ in all += log }
    }

    func streamed(_ bytes: Data, in folder: TemporaryFolder, limits: InputLimits = .standard) throws -> CollectorInput {
        let url = folder.file("va.log")
        try bytes.write(to: url)
        let file = try #require(try StreamedFile.measure(path: url.path)?.get())
        return CollectorInput(fileName: "va.log", file: file, subject: nil, observedAt: CollectorHarness.observedAt, limits: limits)
    }

    @Test func aStreamedLogGivesTheRecordsOfItsBytesReadWhole() throws {
        let folder = try TemporaryFolder()
        let bytes = try largeLog()
        #expect(bytes.count > 3 * StreamedFile.chunkSize)
        let input = try streamed(bytes, in: folder)
        #expect(input.file?.size == bytes.count)
        #expect(input.source.sha256 == SHA256Hex.of(bytes))
        let whole = try collector.collect(from: CollectorHarness.input(bytes, fileName: "va.log"))
        let read = try collector.collect(from: input)
        #expect(read.records.count == whole.records.count)
        #expect(read.records.map(\.id) == whole.records.map(\.id))
    }

    /// Lines appended after the file was measured (a log still being written) are not read; a
    /// line rewritten in what was measured refuses the file, even blanked, which the parser skips.
    @Test func onlyTheMeasuredBytesAreReadAndTheyMustStillHashTheSame() throws {
        let folder = try TemporaryFolder()
        let bytes = try largeLog()
        let input = try streamed(bytes, in: folder)
        let handle = try FileHandle(forWritingTo: folder.file("va.log"))
        try handle.seekToEnd()
        try handle.write(contentsOf: try CollectorHarness.fixture("mpic/boulder-audit.log"))
        let grown = try collector.collect(from: input)
        #expect(grown.records.map(\.id) == (try collector.collect(from: CollectorHarness.input(bytes, fileName: "va.log"))).records.map(\.id))

        let firstLine = try #require(bytes.firstIndex(of: UInt8(ascii: "\n")))
        try handle.seek(toOffset: 0)
        try handle.write(contentsOf: Data(repeating: UInt8(ascii: " "), count: firstLine))
        try handle.close()
        let failure = try #require(throws: CollectionFailure.self) { try collector.collect(from: input) }
        #expect(failure.reason.contains("the file changed while it was read"), "\(failure)")
    }

    /// A NUL byte or invalid UTF-8 chunks into the file is named at its byte, as a whole read names it.
    @Test(arguments: [Data([0]), Data([0xC3, 0x28])])
    func aFaultInALaterChunkIsNamedAtItsByte(fault: Data) throws {
        let folder = try TemporaryFolder()
        var bytes = try largeLog()
        let offset = bytes.count - 100
        bytes.replaceSubrange(offset..<(offset + fault.count), with: fault)
        let whole = try #require(throws: CollectionFailure.self) {
            try collector.collect(from: CollectorHarness.input(bytes, fileName: "va.log"))
        }
        let read = try #require(throws: CollectionFailure.self) { try collector.collect(from: try streamed(bytes, in: folder)) }
        #expect(read.location == "byte \(offset)")
        #expect(read == whole)
    }

    /// A line is held whole while it is read: one longer than `limits.document_size` that runs over
    /// a chunk is refused instead of filling memory.
    @Test func aLineOverTheDocumentLimitIsRefused() throws {
        let folder = try TemporaryFolder()
        var limits = InputLimits()
        limits.documentBytes = 1 << 20
        let bytes = try CollectorHarness.fixture("mpic/boulder-audit.log") + Data(repeating: UInt8(ascii: "a"), count: 3 << 20)
        let failure = try #require(throws: CollectionFailure.self) {
            try collector.collect(from: try streamed(bytes, in: folder, limits: limits))
        }
        #expect(failure.reason.contains("line is over the limit of 1 MiB (limits.document_size in vigil.yaml)"), "\(failure)")
        #expect(failure.location.hasPrefix("line "))
    }

    /// What is not a regular file is not streamed: it is read whole, under `limits.file_size`.
    @Test func onlyRegularFilesAreMeasured() throws {
        #expect(StreamedFile.measure(path: "/dev/null") == nil)
        #expect(StreamedFile.measure(path: "/nonexistent/va.log") == nil)
    }
}
