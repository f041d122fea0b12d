import Foundation

/// Where a large check keeps its verdicts until its report is written: the first few pieces of
/// verdicts (``SubjectResults/Builder/pieceSize`` each) in memory, the rest as bytes in a
/// ``SpoolFile`` (``SubjectResultBytes``), read back a piece at a time.
///
/// A check of 400k keys held 51 MB of verdicts at its end (10× the keys, 10× the verdicts); with
/// the spool, what it holds of them stays that of the pieces held. A spool that cannot be made or
/// written (no space in its folder) keeps the verdicts in memory: the check goes on as before.
public final class ResultSpool: @unchecked Sendable {
    /// What a check holds before it spools: one piece of 16,384 verdicts. Four of 32,768 held ~57 MB of
    /// verdicts, their subjects and ids at 400k keys, so that a check's peak grew ×1.77 from 40k keys
    /// (88 → 156 MiB); one of 16,384 grows ×1.19 (92 → 109 MiB), for ~5% more time at 100k keys.
    public static let checkDefault = (held: 1, size: 16_384)

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
    /// How many times a piece was read back from the file.
    private(set) var piecesReadBack = 0

    /// Verdicts past `heldPieces` pieces go to a file in `folder`, made there when first needed.
    public init(in folder: URL, holding heldPieces: Int = checkDefault.held, pieceSize: Int = checkDefault.size) {
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
        var marks: [UInt8] = []
        marks.reserveCapacity(piece.count)
        for result in piece {
            starts.append(UInt32(truncatingIfNeeded: writer.bytes.count))
            marks.append(SubjectResultBytes.mark(of: result))
            SubjectResultBytes.append(result, to: &writer)
        }
        do {
            if file == nil { file = try SpoolFile(in: folder, named: ".vigil-verdicts") }
            guard let file, writer.bytes.count <= UInt32.max else { return nil }
            let place = try file.append(writer.bytes)
            spooled += 1
            return SpooledResults(spool: self, place: place, starts: starts, marks: marks)
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
            let bytes = try file.readBytes(place)
            lastRead = (place, bytes)
            piecesReadBack += 1
            return bytes
        } catch {
            // The file is this process's own, unlinked: only the disk failing can refuse it.
            preconditionFailure("the check's verdicts spooled in \(folder.path) cannot be read back: \(error)")
        }
    }
}

/// A piece of verdicts in a ``ResultSpool``: where its bytes are, where each verdict starts, and each
/// verdict's mark (``SubjectResultBytes/mark(of:)``): a report counts statuses several times, and
/// read back from the file for each count, the pieces were a fifth of what spooling cost a check.
struct SpooledResults: Sendable {
    let spool: ResultSpool
    let place: SpoolFile.Place
    let starts: [UInt32]
    let marks: [UInt8]

    var count: Int { starts.count }

    /// The piece's bytes, to read its verdicts one after another.
    var bytes: [UInt8] { spool.bytes(at: place) }

    /// Each verdict's status, in order.
    func forEachStatus(_ body: (Status) -> Void) {
        for mark in marks { body(SubjectResultBytes.status(ofMark: mark)) }
    }

    /// How many verdicts name late evidence.
    var lateCount: Int { marks.count(where: SubjectResultBytes.isLate) }

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
