import Foundation

/// Files as a bundle's zip takes them: a file's size and CRC-32 first (its header holds them), then
/// its bytes, in order, in as many pieces as the source likes.
protocol ZipFileSource {
    func entry(_ name: String) throws(BundleError) -> (count: Int, checksum: UInt32)
    func read(_ name: String, into take: (Data) throws(BundleError) -> Void) throws(BundleError)
}

/// Files held whole, by name: a verified bundle's, written again to be compared with its bytes.
struct HeldFiles: ZipFileSource {
    let files: [String: Data]

    func entry(_ name: String) throws(BundleError) -> (count: Int, checksum: UInt32) {
        guard let content = files[name] else { throw .write("\(name) is not among the files") }
        return (content.count, StoredZip.crc32(content))
    }

    func read(_ name: String, into take: (Data) throws(BundleError) -> Void) throws(BundleError) {
        guard let content = files[name] else { throw .write("\(name) is not among the files") }
        try take(content)
    }
}
