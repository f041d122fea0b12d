import Crypto
import EvidenceModel
import Foundation

/// Where a value handed over by ``JSONDocuments/forEachValue(in:_:)`` can be read again: its bytes
/// in the input held in memory (which the run holds anyway, for the raw blob), its bytes in the
/// input's file with their digest, or, when it could not be cut out alone, the value itself.
/// Holding the place instead of the tree lets a collector that must see every response before it
/// makes a record hold a few words per response.
struct HeldJSON {
    private enum Storage {
        case bytes(Range<Int>)
        /// Read again from the file, and refused unless they hash as they did when first read: the
        /// record made of them must describe the bytes the raw input keeps.
        case file(Range<Int>, digest: Digest)
        case value(JSONValue)
    }

    private let storage: Storage

    /// - Parameter bytes: offsets from the input's first byte.
    init(bytes: Range<Int>) { storage = .bytes(bytes) }

    /// - Parameter file: offsets in the input's file; `bytes`: what was read there.
    init(file range: Range<Int>, bytes: Data) { storage = .file(range, digest: Self.digest(of: bytes)) }

    init(_ value: JSONValue) { storage = .value(value) }

    /// This place in a file whose bytes were all read into `held` (the same offsets).
    func inFile(held: Data) -> HeldJSON {
        guard case .bytes(let range) = storage else { return self }
        let start = held.startIndex
        return HeldJSON(file: range, bytes: held[(start + range.lowerBound)..<(start + range.upperBound)])
    }

    /// The value, parsed again from `input` (the one it came from).
    /// - Throws: when its file no longer holds the bytes read before.
    func value(in input: CollectorInput) throws(CollectionFailure) -> JSONValue {
        let bytes: Data
        switch storage {
        case .value(let value): return value
        case .bytes(let range):
            let start = input.bytes.startIndex
            bytes = input.bytes[(start + range.lowerBound)..<(start + range.upperBound)]
        case .file(let range, let digest):
            guard let reader = input.reader else { preconditionFailure("a value held in a file of an input read whole") }
            do { bytes = try reader.bytes(in: range) } catch { throw input.failure(at: "", error.reason) }
            guard Self.digest(of: bytes) == digest else {
                throw input.failure(at: "", "the file changed while it was read (bytes \(range.lowerBound)–\(range.upperBound) differ)")
            }
        }
        // These bytes parsed within the input's limits when they were handed over.
        switch Result(catching: { () throws(JSONParseError) in try JSONValue.parse(decodedText: bytes, limits: Self.reading) }) {
        case .success(let value): return value
        case .failure(let error): preconditionFailure("a value of \(input.fileName) no longer parses: \(error)")
        }
    }

    /// The first half of the bytes' SHA-256: a changed value is found, and a run holds 16 bytes a
    /// value, in place (300k digests as `Data` were as many allocations).
    private struct Digest: Equatable {
        let high: UInt64
        let low: UInt64
    }

    private static func digest(of bytes: Data) -> Digest {
        SHA256.hash(data: bytes).withUnsafeBytes { hash in
            Digest(high: hash.loadUnaligned(fromByteOffset: 0, as: UInt64.self), low: hash.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        }
    }

    private static let reading: InputLimits = {
        var limits = InputLimits.standard
        limits.nestingDepth = Int.max
        limits.stringBytes = Int.max
        return limits
    }()
}
