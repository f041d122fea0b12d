internal import CGzip
import Foundation

/// How the index keeps a record's canonical bytes: raw deflate against a dictionary, the first
/// indexed record of the same kind. Records of a kind repeat each other's keys and most of their
/// values, which a record alone cannot exploit (deflate alone kept 48 % of a Boulder record; against
/// its kind's first record, 7 %): the `json` column was two thirds of the index, which was larger
/// than the store it indexes.
///
/// A row's `dictionary` names its `record_dictionary` row; 0 keeps the bytes as they are (rows
/// indexed before packing). Nothing here is trusted: the audit hashes what a row unpacks to against
/// its id, so an edited row or dictionary is found as any other edit is.
enum RecordPacking {
    /// The most bytes of a kind's first record kept as its dictionary: deflate's whole window.
    static let dictionaryLimit = 32 << 10
    /// A row never unpacks to more: a record is written from inputs of at most `file_size` bytes.
    static let unpackedLimit = 256 << 20
    /// The SQL function that gives a row's bytes: `vigil_record(json, dictionary, dictionary bytes)`.
    static let function = "vigil_record"
    /// The SQL expression of a `record` row's bytes, in a query whose FROM names `record` itself.
    static let bytesSQL =
        "\(function)(record.json, record.dictionary, (SELECT bytes FROM record_dictionary WHERE number = record.dictionary))"
}

/// One raw-deflate stream, reset for each record: starting a stream costs more than deflating a
/// record of a kilobyte. Level 3, not 1: on Boulder records against their dictionary it kept 6.9 %
/// of the bytes instead of 9.1 %, and was faster (5.1 against 5.5 µs a record: longer matches, fewer
/// symbols). Used by one thread at a time.
final class RecordDeflater {
    private let stream: UnsafeMutablePointer<z_stream>

    init() {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // Only memory exhaustion fails here, as it fails any allocation.
        precondition(cz_deflate_init_raw(stream, 3) == Z_OK, "zlib could not start a deflate stream")
    }

    deinit {
        deflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// `bytes` deflated against `dictionary`.
    func pack(_ bytes: Data, dictionary: Data) -> Data {
        precondition(deflateReset(stream) == Z_OK, "a deflate stream that started cannot fail to reset")
        dictionary.withUnsafeBytes { dictionary in
            _ = deflateSetDictionary(stream, dictionary.bindMemory(to: Bytef.self).baseAddress, uInt(dictionary.count))
        }
        var output = Data(count: Int(deflateBound(stream, uLong(bytes.count))) + 16)
        let result = bytes.withUnsafeBytes { input in
            output.withUnsafeMutableBytes { output in
                stream.pointee.next_in = UnsafeMutablePointer(mutating: input.bindMemory(to: Bytef.self).baseAddress)
                stream.pointee.avail_in = uInt(input.count)
                stream.pointee.next_out = output.bindMemory(to: Bytef.self).baseAddress
                stream.pointee.avail_out = uInt(output.count)
                return deflate(stream, Z_FINISH)
            }
        }
        // deflateBound is an upper bound for one Z_FINISH call over the whole input.
        precondition(result == Z_STREAM_END, "deflate within deflateBound ends its stream")
        output.count = Int(stream.pointee.total_out)
        return output
    }
}

/// One raw-inflate stream, reset for each record. Used by one SQLite connection (or thread) at a time.
final class RecordInflater: @unchecked Sendable {
    private let stream: UnsafeMutablePointer<z_stream>
    private var buffer = [UInt8](repeating: 0, count: 64 << 10)

    init() {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        precondition(cz_inflate_init_raw(stream) == Z_OK, "zlib could not start an inflate stream")
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// The bytes `packed` deflates against `dictionary`; nil unless it is one whole raw deflate
    /// stream, with nothing after it, of at most ``RecordPacking/unpackedLimit`` bytes.
    func unpack(_ packed: UnsafeRawBufferPointer, dictionary: UnsafeRawBufferPointer) -> Data? {
        guard inflateReset(stream) == Z_OK,
            inflateSetDictionary(stream, dictionary.bindMemory(to: Bytef.self).baseAddress, uInt(dictionary.count)) == Z_OK
        else { return nil }
        stream.pointee.next_in = UnsafeMutablePointer(mutating: packed.bindMemory(to: Bytef.self).baseAddress)
        stream.pointee.avail_in = uInt(packed.count)
        var output = Data()
        while true {
            let (result, produced) = buffer.withUnsafeMutableBufferPointer { buffer in
                stream.pointee.next_out = buffer.baseAddress
                stream.pointee.avail_out = uInt(buffer.count)
                let result = inflate(stream, Z_NO_FLUSH)
                return (result, buffer.count - Int(stream.pointee.avail_out))
            }
            guard result == Z_OK || result == Z_STREAM_END, output.count + produced <= RecordPacking.unpackedLimit else { return nil }
            output.append(contentsOf: buffer[..<produced])
            // A stream cut short ends in Z_BUF_ERROR: zlib returns Z_OK only when it made progress.
            if result == Z_STREAM_END { return stream.pointee.avail_in == 0 ? output : nil }
        }
    }
}
