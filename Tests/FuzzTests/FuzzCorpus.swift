import Foundation

/// The seed inputs: every fixture and vector the other tests use, the shipped sample evidence, the
/// shipped controls and `vigil.yaml`, read from the repository (files over 64 KiB are left out so
/// an iteration stays cheap).
enum FuzzCorpus {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let folders = [
        "Tests/CollectorsTests/Fixtures", "Tests/ControlEngineTests/Fixtures", "Tests/EvidenceModelTests/Vectors",
        "Tests/MerkleLogTests/Vectors", "Tests/EndToEndTests/Resources", "Evidence", "Controls",
    ]

    static func files(maximumSize: Int = 64 * 1024) -> [Data] {
        var found: [(String, Data)] = []
        for folder in folders {
            let root = repository.appendingPathComponent(folder)
            guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else {
                continue
            }
            for case let url as URL in walker {
                guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true,
                    let data = try? Data(contentsOf: url), data.count <= maximumSize
                else { continue }
                found.append((url.path, data))
            }
        }
        if let configuration = try? Data(contentsOf: repository.appendingPathComponent("vigil.yaml")) {
            found.append(("vigil.yaml", configuration))
        }
        // Sorted by path: the corpus, and so every mutant of a seed, is the same on every machine.
        return found.sorted { $0.0 < $1.0 }.map(\.1)
    }
}
