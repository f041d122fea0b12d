internal import CGit2
internal import CGzip
import Crypto
import EvidenceModel
import Foundation

/// A libgit2 object backend that appends every object written through it straight to a new pack
/// (``PackFileWriter``), keeping only where each one went.
///
/// It replaces a mempack that held a whole commit's new objects (the raw inputs among them) until
/// they were walked and copied into a pack: for 200k Boulder lines that was ~400 MB held and a
/// tenth of a collect spent walking. libgit2 asks `exists` before each write, so an object is
/// written once; `read` (rare: the commit just written, read back as a ``StoreCommit``) inflates
/// it from the pack. Nothing written is reachable until ``finish()`` renames the pack into place.
final class PackWritingBackend: ObjectStaging {
    private let writer: PackFileWriter
    private var located = PackObjectTable()
    /// Why a write failed, for a clearer error than libgit2's.
    private(set) var failure: GitError?

    init(packFolder: String) throws(GitError) {
        writer = try PackFileWriter(streamingTo: packFolder)
    }

    /// Renames the pack and its index into place, unless nothing was written.
    /// - Returns: the pack's name, or nil when it held nothing.
    func finish() throws(GitError) -> String? {
        if let failure { throw failure }
        return writer.count == 0 ? nil : try writer.finish()
    }

    /// A new libgit2 backend calling into this object; the odb it is added to frees it, releasing
    /// this object then.
    func makeBackend() throws(GitError) -> UnsafeMutablePointer<git_odb_backend> {
        let owned = UnsafeMutablePointer<cgit2_owned_backend>.allocate(capacity: 1)
        owned.initialize(to: cgit2_owned_backend())
        let backend = UnsafeMutableRawPointer(owned).assumingMemoryBound(to: git_odb_backend.self)
        guard git_odb_init_backend(backend, UInt32(GIT_ODB_BACKEND_VERSION)) == 0 else {
            owned.deallocate()
            throw GitError.nullResult("git_odb_init_backend")
        }
        owned.pointee.owner = Unmanaged.passRetained(self).toOpaque()
        backend.pointee.write = { backend, id, data, length, type in
            guard let backend, let id else { return -1 }
            return PackWritingBackend.serving(backend).write(id.pointee, UnsafeRawBufferPointer(start: data, count: length), type)
        }
        backend.pointee.exists = { backend, id in
            guard let backend, let id else { return 0 }
            return PackWritingBackend.serving(backend).find(PackObjectName(id.pointee)) == nil ? 0 : 1
        }
        backend.pointee.read_header = { size, type, backend, id in
            guard let backend, let id else { return -1 }
            return PackWritingBackend.serving(backend).readHeader(id.pointee, size: size, type: type)
        }
        backend.pointee.read = { data, size, type, backend, id in
            guard let backend, let id else { return -1 }
            return PackWritingBackend.serving(backend).read(id.pointee, into: backend, data: data, size: size, type: type)
        }
        backend.pointee.free = { backend in
            guard let backend else { return }
            let owned = UnsafeMutableRawPointer(backend).assumingMemoryBound(to: cgit2_owned_backend.self)
            if let owner = owned.pointee.owner { Unmanaged<PackWritingBackend>.fromOpaque(owner).release() }
            owned.deinitialize(count: 1)
            owned.deallocate()
        }
        return backend
    }

    /// Appends a file as a blob, read a chunk at a time: once to name it (unless already written,
    /// which would put it in the pack twice), once to write it; each read checks the file's SHA-256.
    func appendBlob(_ file: StreamedFile) throws(GitError) -> git_oid {
        func failed(_ problem: StreamedFile.Problem) -> GitError { GitError(function: "read \(file.path)", code: -1, message: problem.reason) }
        let id: git_oid
        do {
            id = try Self.objectID(.blob, size: file.size) { (sha1) throws(StreamedFile.Problem) in
                try file.forEachChunk {
                    sha1.update(bufferPointer: $0); return true
                }
            }
        } catch { throw failed(error) }
        let name = PackObjectName(id)
        guard find(name) == nil else { return id }
        var problem: StreamedFile.Problem?
        try writer.append(.blob, name: name, size: file.size) { give throws(GitError) in
            var failure: GitError?
            do throws(StreamedFile.Problem) {
                try file.forEachChunk { chunk in
                    do throws(GitError) { try give(chunk) } catch { failure = error }
                    return failure == nil
                }
            } catch { problem = error }
            if let failure { throw failure }
        }
        if let problem { throw failed(problem) }
        located.add(name, names: writer.name(at:))
        return id
    }

    /// Appends bytes as a blob, named by one SHA-1 over git's object header and the bytes. This is
    /// what libgit2's odb write would do, less its costs per object: hashing again with its own
    /// collision-detecting SHA-1, and asking every backend (a `stat` of the loose path among them)
    /// whether the object exists. Like the streamed `appendBlob`, it skips only what this pack already
    /// holds: a staged commit's blobs are new records, raw inputs and log files, and an object also
    /// packed earlier is harmless to git.
    func appendBlob(_ content: UnsafeRawBufferPointer) throws(GitError) -> git_oid { try append(.blob, content) }

    /// Appends a tree's content (``TreeObjectBytes``), as a blob's bytes are appended.
    func appendTree(_ content: UnsafeRawBufferPointer) throws(GitError) -> git_oid { try append(.tree, content) }

    private func append(_ kind: PackObjectKind, _ content: UnsafeRawBufferPointer) throws(GitError) -> git_oid {
        let id = Self.objectID(kind, size: content.count) { sha1 in sha1.update(bufferPointer: content) }
        try append(kind, named: PackObjectName(id), content)
        return id
    }

    /// Appends the object named `name` unless this pack holds it already.
    private func append(_ kind: PackObjectKind, named name: PackObjectName, _ content: UnsafeRawBufferPointer) throws(GitError) {
        guard find(name) == nil else { return }
        try writer.append(kind, name: name, content: content)
        located.add(name, names: writer.name(at:))
    }

    /// Appends objects a staging lane named and held (``BufferedObjects``), in their order, each
    /// unless this pack holds it already; they are not hashed again.
    func append(_ objects: StagedObjects) throws(GitError) {
        let appended = objects.bytes.withUnsafeBytes { all in
            Result { () throws(GitError) in
                for object in objects.objects {
                    let name = PackObjectName(object.id)
                    guard find(name) == nil else { continue }
                    let bytes = UnsafeRawBufferPointer(rebasing: all[object.bytes])
                    if let crc32 = object.entryCRC32 {
                        try writer.append(entry: bytes, crc32: crc32, name: name)
                    } else {
                        try writer.append(object.kind, name: name, content: bytes)
                    }
                    located.add(name, names: writer.name(at:))
                }
            }
        }
        try appended.get()
    }

    /// An object's git id: SHA-1 over `<kind> <size>\0` and the content, which `hash` feeds in.
    static func objectID<Failure: Error>(
        _ kind: PackObjectKind, size: Int, _ hash: (inout Insecure.SHA1) throws(Failure) -> Void
    ) throws(Failure) -> git_oid {
        var sha1 = Insecure.SHA1()
        sha1.update(data: Data("\(kind.headerName) \(size)\u{0}".utf8))
        try hash(&sha1)
        var id = git_oid()
        Array(sha1.finalize()).withUnsafeBytes { _ = git_oid_fromraw(&id, $0.baseAddress?.assumingMemoryBound(to: UInt8.self)) }
        return id
    }

    /// The position in the pack of the object named `name`, if this pack holds it.
    private func find(_ name: PackObjectName) -> Int? { located.find(name, names: writer.name(at:)) }

    private static func serving(_ backend: UnsafeMutablePointer<git_odb_backend>) -> PackWritingBackend {
        let owned = UnsafeMutableRawPointer(backend).assumingMemoryBound(to: cgit2_owned_backend.self)
        guard let owner = owned.pointee.owner else { preconditionFailure("a pack-writing backend without its owner") }
        return Unmanaged<PackWritingBackend>.fromOpaque(owner).takeUnretainedValue()
    }

    private func write(_ id: git_oid, _ content: UnsafeRawBufferPointer, _ type: git_object_t) -> Int32 {
        guard let kind = PackObjectKind(type) else { return refuse(GitError(function: "pack write", code: -1, message: "object type \(type.rawValue)")) }
        do {
            try append(kind, named: PackObjectName(id), content)
            return 0
        } catch {
            return refuse(error)
        }
    }

    private func readHeader(_ id: git_oid, size: UnsafeMutablePointer<Int>?, type: UnsafeMutablePointer<git_object_t>?) -> Int32 {
        guard let position = find(PackObjectName(id)) else { return GIT_ENOTFOUND.rawValue }
        do {
            let found = try writer.object(at: position)
            size?.pointee = found.size
            type?.pointee = found.kind.gitType
            return 0
        } catch {
            return refuse(error)
        }
    }

    private func read(
        _ id: git_oid, into backend: UnsafeMutablePointer<git_odb_backend>, data: UnsafeMutablePointer<UnsafeMutableRawPointer?>?,
        size: UnsafeMutablePointer<Int>?, type: UnsafeMutablePointer<git_object_t>?
    ) -> Int32 {
        guard let position = find(PackObjectName(id)) else { return GIT_ENOTFOUND.rawValue }
        let found: (kind: PackObjectKind, size: Int, stream: Range<UInt64>)
        do { found = try writer.object(at: position) } catch { return refuse(error) }
        guard let buffer = git_odb_backend_data_alloc(backend, max(found.size, 1)) else { return -1 }
        do {
            let compressed = try writer.bytes(at: found.stream)
            try Self.inflate(compressed, into: UnsafeMutableRawBufferPointer(start: buffer, count: found.size))
        } catch {
            git_odb_backend_data_free(backend, buffer)
            return refuse(error)
        }
        data?.pointee = buffer
        size?.pointee = found.size
        type?.pointee = found.kind.gitType
        return 0
    }

    /// Inflates one zlib stream that must fill `output` exactly.
    private static func inflate(_ compressed: [UInt8], into output: UnsafeMutableRawBufferPointer) throws(GitError) {
        var stream = z_stream()
        guard cz_inflate_init(&stream) == Z_OK else { throw GitError.nullResult("inflateInit") }
        defer { inflateEnd(&stream) }
        let code = compressed.withUnsafeBufferPointer { input in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.avail_in = uInt(input.count)
            stream.next_out = output.baseAddress?.assumingMemoryBound(to: Bytef.self)
            stream.avail_out = uInt(output.count)
            return CGzip.inflate(&stream, Z_FINISH)
        }
        guard code == Z_STREAM_END, stream.avail_out == 0 else {
            throw GitError(function: "inflate", code: -1, message: "an object in the pack being written does not read back")
        }
    }

    private func refuse(_ error: GitError) -> Int32 {
        failure = failure ?? error
        git_error_set_str(Int32(GIT_ERROR_ODB.rawValue), error.description)
        return -1
    }
}

extension PackObjectName {
    init(_ id: git_oid) {
        self = withUnsafeBytes(of: id.id) { PackObjectName($0) }
    }
}

extension PackObjectKind {
    /// The kind's name in a loose object's header, which its id hashes.
    var headerName: String {
        switch self {
        case .commit: "commit"
        case .tree: "tree"
        case .blob: "blob"
        case .tag: "tag"
        }
    }

    init?(_ type: git_object_t) {
        switch type {
        case GIT_OBJECT_COMMIT: self = .commit
        case GIT_OBJECT_TREE: self = .tree
        case GIT_OBJECT_BLOB: self = .blob
        case GIT_OBJECT_TAG: self = .tag
        default: return nil
        }
    }

    var gitType: git_object_t {
        switch self {
        case .commit: GIT_OBJECT_COMMIT
        case .tree: GIT_OBJECT_TREE
        case .blob: GIT_OBJECT_BLOB
        case .tag: GIT_OBJECT_TAG
        }
    }
}
