import Foundation

/// Where a large check keeps its verdicts until its report is written: the first few pieces of
/// verdicts (``SubjectResults/Builder/pieceSize`` each) in memory, the rest as bytes in a
/// ``SpoolFile`` (``SubjectResultBytes``), read back a piece at a time.
///
/// A check of 400k keys held 51 MB of verdicts at its end (10× the keys, 10× the verdicts); with
/// the spool, what it holds of them stays that of the pieces held. A spool that cannot be made or
/// written (no space in its folder) keeps the verdicts in memory: the check goes on as before.
public final class ResultSpool: @unchecked Sendable {
    /// How many pieces of verdicts are held before the rest go to the file.
    public let heldPieces: Int
    /// How many verdicts a piece holds (``SubjectResults/Builder/pieceSize``; fewer in tests).
    public let pieceSize: Int
    private let folder: URL
    private let lock = NSLock()
    private var held = 0
    /// Made when the first piece is spooled; nil before, and after the spool failed.
    private var file: SpoolFile?
    private var failed = false
    /// How many pieces went to the file.
    public var spooledPieces: Int {
        lock.lock()
        defer { lock.unlock() }
        return spooled
    }
    private var spooled = 0
    /// The piece read last: a report reads a control's verdicts one after another.
    private var lastRead: (place: SpoolFile.Place, bytes: [UInt8])?

    /// Verdicts past `heldPieces` pieces go to a file in `folder`, made there when first needed.
    public init(in folder: URL, holding heldPieces: Int = 4, pieceSize: Int = SubjectResults.Builder.pieceSize) {
        self.folder = folder
        self.heldPieces = heldPieces
        self.pieceSize = max(pieceSize, 1)
    }

    /// A piece of verdicts as they are spooled, nil while pieces are still held (or the spool failed).
    func spool(_ piece: [SubjectResult]) -> SpooledResults? {
        lock.lock()
        defer { lock.unlock() }
        guard held >= heldPieces, !failed else {
            held += 1
            return nil
        }
        var writer = ByteWriter()
        var starts: [UInt32] = []
        starts.reserveCapacity(piece.count)
        for result in piece {
            starts.append(UInt32(truncatingIfNeeded: writer.bytes.count))
            SubjectResultBytes.append(result, to: &writer)
        }
        do {
            if file == nil { file = try SpoolFile(in: folder, named: ".vigil-verdicts") }
            guard let file, writer.bytes.count <= UInt32.max else { return nil }
            let place = try file.append(writer.bytes)
            spooled += 1
            return SpooledResults(spool: self, place: place, starts: starts)
        } catch {
            failed = true
            return nil
        }
    }

    /// The bytes of a spooled piece.
    fileprivate func bytes(at place: SpoolFile.Place) -> [UInt8] {
        lock.lock()
        defer { lock.unlock() }
        if let lastRead, lastRead.place == place { return lastRead.bytes }
        guard let file else { preconditionFailure("verdicts spooled without a spool file") }
        do {
            let bytes = [UInt8](try file.read(place))
            lastRead = (place, bytes)
            return bytes
        } catch {
            // The file is this process's own, unlinked: only the disk failing can refuse it.
            preconditionFailure("the check's verdicts spooled in \(folder.path) cannot be read back: \(error)")
        }
    }
}

/// A piece of verdicts in a ``ResultSpool``: where its bytes are, and where each verdict starts.
struct SpooledResults: Sendable {
    let spool: ResultSpool
    let place: SpoolFile.Place
    let starts: [UInt32]

    var count: Int { starts.count }

    /// The piece's bytes, to read its verdicts one after another.
    var bytes: [UInt8] { spool.bytes(at: place) }

    /// Each verdict's status, in order, from its bytes (``SubjectResultBytes``).
    func forEachStatus(_ body: (Status) -> Void) {
        let bytes = bytes
        for start in starts { body(SubjectResultBytes.status(in: bytes, at: Int(start))) }
    }

    /// How many verdicts name late evidence, from their bytes.
    var lateCount: Int {
        let bytes = bytes
        return starts.count { SubjectResultBytes.hasLate(in: bytes, at: Int($0)) }
    }

    subscript(offset: Int) -> SubjectResult {
        var reader = ByteReader(bytes: bytes, from: Int(starts[offset]), end: .max)
        return Self.next(from: &reader)
    }

    /// The verdict `reader` reads next: bytes this process wrote, so anything else is the disk failing.
    static func next(from reader: inout ByteReader) -> SubjectResult {
        do { return try SubjectResultBytes.read(&reader) } catch {
            preconditionFailure("a spooled verdict does not read back as it was written")
        }
    }
}
