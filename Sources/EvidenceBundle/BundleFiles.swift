import EvidenceModel
import Foundation

/// A bundle's files, gathered before it is written: the signed manifest lists every file's SHA-256
/// and comes first in the zip, so each file is hashed as it is added, and its bytes are either held
/// or spooled to a temporary file and read back, one at a time, as the zip is written.
///
/// Spooled, a bundle's export holds one file at a time rather than the whole bundle: every record,
/// proof and raw input held until the manifest was signed was 692 MiB for a bundle of 366 MB (#15).
public final class BundleFiles {
    private enum Place {
        case held(Data)
        case spooled(SpoolFile.Place)
    }

    private struct File {
        let sha256: String
        /// Its zip CRC-32, which the zip's header gives before the bytes.
        let checksum: UInt32
        let place: Place

        var count: Int {
            switch place {
            case .held(let data): data.count
            case .spooled(let place): place.count
            }
        }
    }

    private var files: [String: File] = [:]
    /// How many bytes a spooled file is read back in at a time.
    static let pieceSize = 4 << 20
    /// The spool (nil: files are held); small files go to it a megabyte at a time, not a write each.
    private let spool: SpoolFile?

    /// Files held in memory (tests, small bundles).
    public init() { spool = nil }

    /// Files spooled to a temporary file in `folder` (the bundle's own folder: the same disk), which
    /// no one else can open, gone from the folder at once and from the disk when this is released.
    public init(spoolingIn folder: URL) throws(BundleError) {
        do { spool = try SpoolFile(in: folder, named: ".vigil-bundle-spool") } catch {
            throw .write("cannot create a spool file in \(folder.path): \(error)")
        }
    }

    /// How many bytes they hold (without the zip's headers).
    public private(set) var byteCount = 0

    /// Adds (or replaces) the file `name`.
    public func add(_ name: String, _ content: Data) throws(BundleError) {
        let (sha256, checksum) = (SHA256Hex.of(content), StoredZip.crc32(content))
        let replaced = files[name]?.count ?? 0
        let place: Place
        if let spool {
            do { place = .spooled(try spool.append(content)) } catch { throw .write("cannot spool \(name): \(error)") }
        } else {
            place = .held(content)
        }
        files[name] = File(sha256: sha256, checksum: checksum, place: place)
        byteCount += content.count - replaced
    }

    /// Every file's name, sorted, with its SHA-256 in hex.
    var listing: [(name: String, sha256: String)] { files.keys.sorted().map { ($0, files[$0]?.sha256 ?? "") } }

    /// The `count` bytes of the spooled file `name` that lie at `offset` in the spool.
    private func piece(of name: String, at offset: Int64, count: Int) throws(BundleError) -> Data {
        guard let spool else { throw .write("\(name) has no spool") }
        do { return try spool.read(SpoolFile.Place(offset: offset, count: count)) } catch {
            throw .write("cannot read \(name) back from the spool: \(error)")
        }
    }
}

extension BundleFiles: ZipFileSource {
    func entry(_ name: String) throws(BundleError) -> (count: Int, checksum: UInt32) {
        guard let file = files[name] else { throw .write("\(name) was never added") }
        return (file.count, file.checksum)
    }

    func read(_ name: String, into take: (Data) throws(BundleError) -> Void) throws(BundleError) {
        guard let file = files[name] else { throw .write("\(name) was never added") }
        switch file.place {
        case .held(let data): try take(data)
        case .spooled(let place):
            var done = 0
            repeat {
                let size = min(Self.pieceSize, place.count - done)
                try take(try piece(of: name, at: place.offset + Int64(done), count: size))
                done += size
            } while done < place.count
        }
    }
}
