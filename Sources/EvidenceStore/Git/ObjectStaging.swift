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
    /// Appends objects another staging named and held, in their order.
    func append(_ objects: [StagedObject]) throws(GitError)
}

/// An object named and held for the pack: its kind, git id and either its whole entry in the pack,
/// made ready (a small object, as most are), or its content, to be compressed as it is appended.
struct StagedObject {
    enum Held {
        case entry(PackFileWriter.StoredEntry)
        case content([UInt8])
    }

    let kind: PackObjectKind
    let id: git_oid
    let held: Held
}

/// The objects a staging lane makes, named as the pack's writer names them (SHA-1 over git's
/// object header and the content) and held in order until the writer appends them
/// (``ObjectStaging/append(_:)``): a lane's thread never touches the pack, and does all it can of
/// each object's entry (header, checksums) so that the writer's thread only copies it.
final class BufferedObjects: ObjectStaging {
    private var objects: [StagedObject] = []

    func appendBlob(_ content: UnsafeRawBufferPointer) throws(GitError) -> git_oid { hold(.blob, content) }

    func appendTree(_ content: UnsafeRawBufferPointer) throws(GitError) -> git_oid { hold(.tree, content) }

    /// Raw inputs are written by the pack's own writer, streamed from their files.
    func appendBlob(_ file: StreamedFile) throws(GitError) -> git_oid {
        throw GitError(function: "stage \(file.path)", code: -1, message: "a staging lane writes no raw input")
    }

    func append(_ objects: [StagedObject]) throws(GitError) { self.objects += objects }

    /// The objects held so far, in the order they were made; none is held after.
    func take() -> [StagedObject] {
        defer { objects = [] }
        return objects
    }

    private func hold(_ kind: PackObjectKind, _ content: UnsafeRawBufferPointer) -> git_oid {
        let id = PackWritingBackend.objectID(kind, size: content.count) { sha1 in sha1.update(bufferPointer: content) }
        let held = PackFileWriter.StoredEntry(kind, content: content).map(StagedObject.Held.entry) ?? .content(Array(content))
        objects.append(StagedObject(kind: kind, id: id, held: held))
        return id
    }
}
