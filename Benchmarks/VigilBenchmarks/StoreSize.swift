import EvidenceStore
import Foundation

/// Prints how the store's objects sit on disk: packs, loose objects, and `du -sk` of the store
/// (allocated blocks, what loose objects really cost) next to the bytes of its files.
func reportStorage(_ name: String, _ store: EvidenceStore) {
    let storage = store.objectStorage()
    let du = Process()
    du.executableURL = URL(fileURLWithPath: "/usr/bin/du")
    du.arguments = ["-sk", store.path.path]
    let pipe = Pipe()
    du.standardOutput = pipe
    var onDisk = "?"
    if (try? du.run()) != nil {
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        du.waitUntilExit()
        if let kilobytes = Double(output.split(separator: "\t").first ?? "") { onDisk = String(format: "%.1f MB", kilobytes / 1024) }
    }
    report(
        name,
        String(
            format: "du %@, files %.1f MB, %d packs (%d objects), %d loose",
            onDisk, Double(storage.bytes) / 1_048_576, storage.packs, storage.packedObjects, storage.looseObjects))
}
