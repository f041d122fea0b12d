internal import CGzip
import Foundation

/// gzip decompression through the system zlib: CloudTrail delivers its log files to S3 as `.json.gz`.
///
/// Foundation on Linux has no gzip; zlib is already on every host that has libgit2.
enum Gunzip {
    struct Failure: Error {
        let reason: String
    }

    /// A decompressed file never needs more; a bigger one is a zip bomb or the wrong file.
    static let outputLimit = 512 << 20

    static func isGzip(_ data: Data) -> Bool { data.starts(with: [0x1F, 0x8B]) }

    /// Inflates every gzip member of `data` (concatenated members are legal gzip).
    static func inflate(_ data: Data) throws(Failure) -> Data {
        var stream = z_stream()
        guard cz_inflate_init_gzip(&stream) == Z_OK else { throw Failure(reason: "zlib could not start inflating") }
        defer { inflateEnd(&stream) }
        var output = Data()
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        var input = [UInt8](data)
        let total = input.count
        var status: Int32 = Z_OK
        try input.withUnsafeMutableBufferPointer { (inputBuffer) throws(Failure) in
            stream.next_in = inputBuffer.baseAddress
            stream.avail_in = uInt(total)
            repeat {
                let produced = chunk.withUnsafeMutableBufferPointer { buffer -> Int in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = uInt(buffer.count)
                    status = CGzip.inflate(&stream, Z_NO_FLUSH)
                    return buffer.count - Int(stream.avail_out)
                }
                output.append(contentsOf: chunk[0..<produced])
                if output.count > outputLimit { throw Failure(reason: "decompresses to more than \(outputLimit >> 20) MiB") }
                if status == Z_STREAM_END, stream.avail_in > 0 {
                    status = inflateReset(&stream)  // the next gzip member
                }
            } while status == Z_OK
        }
        guard status == Z_STREAM_END else {
            let message = stream.msg.map { String(cString: $0) } ?? "code \(status)"
            let reason = status == Z_BUF_ERROR ? "truncated gzip data" : "corrupt gzip data (\(message))"
            throw Failure(reason: reason)
        }
        return output
    }
}
