internal import CGit2
import EvidenceModel
import Foundation

/// Where a repository's new objects go while a commit is staged (``GitRepository/stagingPack``):
/// the pack being written, or the buffer of a staging lane that the pack's writer takes in order.
protocol ObjectStaging: AnyObject {
    /// Appends bytes as a blob; returns its git id.
    func appendBlob(_ content: UnsafeRawBufferPointer) throws(GitError) -> git_oid
    /// Appends a file as a blob, read a chunk at a time; returns its git id.
    func appendBlob(_ file: StreamedFile) throws(GitError) -> git_oid
    /// Appends a tree's content (``TreeObjectBytes``); returns its git id.
    func appendTree(_ content: UnsafeRawBufferPointer) throws(GitError) -> git_oid
}

/// Objects named and held for the pack, in one buffer: each object's whole pack entry, made ready
/// (a small object, as most are: its header, one stored zlib block and its CRC-32), or its content,
/// to be compressed as it is appended. One buffer a wave, not an array an object: freeing a wave's
/// objects one by one was a sixth of the pack writer's thread.
struct StagedObjects {
    struct Object {
        let kind: PackObjectKind
        let id: git_oid
        let bytes: Range<Int>
        /// The entry's CRC-32 when `bytes` is the whole entry; nil when they are the content.
        let entryCRC32: UInt32?
    }

    var bytes: [UInt8] = []
    var objects: [Object] = []
}

/// The objects a staging lane makes, named as the pack's writer names them (SHA-1 over git's
/// object header and the content) and held in order until the writer appends them
/// (``PackWritingBackend/append(_:)``): a lane's thread never touches the pack, and does all it can of
/// each object's entry (header, checksums) so that the writer's thread only copies it.
final class BufferedObjects: ObjectStaging {
    private var held = StagedObjects()

    func appendBlob(_ content: UnsafeRawBufferPointer) throws(GitError) -> git_oid { hold(.blob, content) }

    func appendTree(_ content: UnsafeRawBufferPointer) throws(GitError) -> git_oid { hold(.tree, content) }

    /// Raw inputs are written by the pack's own writer, streamed from their files.
    func appendBlob(_ file: StreamedFile) throws(GitError) -> git_oid {
        throw GitError(function: "stage \(file.path)", code: -1, message: "a staging lane writes no raw input")
    }

    /// The bytes held so far.
    var heldBytes: Int { held.bytes.count }

    /// The objects held so far, in the order they were made; none is held after.
    func take() -> StagedObjects {
        let taken = held
        held = StagedObjects()
        // The next wave is sized as this one was: grown by doubling from empty, a lane's buffer
        // reached twice its wave and was copied on the way (~25 MB of a 100k-key commit's staging).
        held.bytes.reserveCapacity(taken.bytes.count + taken.bytes.count / 8)
        held.objects.reserveCapacity(taken.objects.count + taken.objects.count / 8)
        return taken
    }

    private func hold(_ kind: PackObjectKind, _ content: UnsafeRawBufferPointer) -> git_oid {
        let id = PackWritingBackend.objectID(kind, size: content.count) { sha1 in sha1.update(bufferPointer: content) }
        let start = held.bytes.count
        let crc = PackFileWriter.appendStoredEntry(kind, content: content, to: &held.bytes)
        if crc == nil { held.bytes.append(contentsOf: content) }
        held.objects.append(.init(kind: kind, id: id, bytes: start..<held.bytes.count, entryCRC32: crc))
        return id
    }
}
