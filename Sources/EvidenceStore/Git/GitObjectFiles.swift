internal import CGit2
import Foundation

/// One pack of `objects/pack`: `pack-<hex>.pack` with its `.idx`.
struct GitPackFile: Hashable {
    let folder: String
    /// `pack-<40 hex>`.
    let name: String
    let objectCount: Int
    let bytes: Int64

    var packPath: String { "\(folder)/\(name).pack" }
    var indexPath: String { "\(folder)/\(name).idx" }
}

/// What is on disk under `objects/`: packs, loose objects and leftovers of interrupted writes.
/// Plain file-system reads; nothing here opens libgit2.
struct GitObjectFiles {
    let objectsPath: String
    var packFolder: String { objectsPath + "/pack" }

    private static let packSuffixes = [".pack", ".idx", ".rev", ".keep", ".bitmap", ".mtimes", ".promisor"]

    /// Complete packs (both the `.pack` and its `.idx`), largest first.
    func packs() -> [GitPackFile] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: packFolder)) ?? []
        let present = Set(names)
        return names.compactMap { file -> GitPackFile? in
            guard file.hasSuffix(".idx"), Self.isPackName(String(file.dropLast(4))) else { return nil }
            let name = String(file.dropLast(4))
            guard present.contains(name + ".pack"), let count = Self.objectCount(ofIndex: "\(packFolder)/\(file)") else { return nil }
            let attributes = try? FileManager.default.attributesOfItem(atPath: "\(packFolder)/\(name).pack")
            let size = (attributes?[.size] as? NSNumber)?.int64Value ?? 0
            return GitPackFile(folder: packFolder, name: name, objectCount: count, bytes: size)
        }.sorted { ($0.objectCount, $0.name) > ($1.objectCount, $1.name) }
    }

    /// Paths of loose object files, by object id.
    func looseObjects() -> [(id: git_oid, path: String)] {
        var result: [(git_oid, String)] = []
        for fanout in Self.fanoutFolders {
            let folder = "\(objectsPath)/\(fanout)"
            guard let files = try? FileManager.default.contentsOfDirectory(atPath: folder) else { continue }
            for file in files where file.count == 38 && file.allSatisfy(\.isHexDigit) {
                var oid = git_oid()
                guard git_oid_fromstr(&oid, fanout + file) == 0 else { continue }
                result.append((oid, "\(folder)/\(file)"))
            }
        }
        return result
    }

    /// git's own estimate (as `git gc --auto`): loose objects in `objects/17`, times 256.
    func estimatedLooseCount() -> Int {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: objectsPath + "/17")) ?? []
        return files.filter { $0.count == 38 }.count * 256
    }

    /// Files an interrupted write left behind: temporary packs (`pack_git2_*`), lock files, an
    /// index without its pack or a pack without its index, libgit2's temporary loose objects.
    func leftovers() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: packFolder)) ?? []
        let present = Set(names)
        var stale = names.filter { file in
            guard let suffix = Self.packSuffixes.first(where: file.hasSuffix) else { return true }
            let name = String(file.dropLast(suffix.count))
            guard Self.isPackName(name) else { return true }
            return !present.contains(name + ".pack") || !present.contains(name + ".idx")
        }.map { "\(packFolder)/\($0)" }
        for fanout in Self.fanoutFolders {
            let folder = "\(objectsPath)/\(fanout)"
            guard let files = try? FileManager.default.contentsOfDirectory(atPath: folder) else { continue }
            stale += files.filter { $0.hasPrefix("tmp_") }.map { "\(folder)/\($0)" }
        }
        return stale
    }

    /// Bytes of every file under `objects/` (what `du` counts, less block rounding).
    func totalBytes() -> Int64 {
        guard let walker = FileManager.default.enumerator(atPath: objectsPath) else { return 0 }
        var total: Int64 = 0
        while walker.nextObject() != nil {
            guard let attributes = walker.fileAttributes, attributes[.type] as? FileAttributeType == .typeRegular else { continue }
            total += (attributes[.size] as? NSNumber)?.int64Value ?? 0
        }
        return total
    }

    private static let fanoutFolders: [String] = (0..<256).map { String(format: "%02x", $0) }

    private static func isPackName(_ name: String) -> Bool {
        name.hasPrefix("pack-") && name.count == 45 && name.dropFirst(5).allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }

    /// The object count of a version 2 pack index: the last of its 256 fan-out entries.
    static func objectCount(ofIndex path: String) -> Int? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let header = try? handle.read(upToCount: 8 + 256 * 4), header.count == 8 + 256 * 4,
            header.prefix(4) == Data([0xff, 0x74, 0x4f, 0x63])
        else { return nil }
        return header.suffix(4).reduce(0) { $0 << 8 | Int($1) }
    }
}
