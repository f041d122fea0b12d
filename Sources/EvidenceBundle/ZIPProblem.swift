import ZIPFoundation

/// What is wrong with a zip, in words: the one reading of ZIPFoundation's errors, which print as
/// their Swift case names (`missingEndOfCentralDirectoryRecord`).
enum ZIPProblem {
    static func words(for error: any Error) -> String {
        // Otherwise inflating failed (ZIPFoundation keeps that error type internal), or reading the staged copy.
        guard let archiveError = error as? Archive.ArchiveError else { return "its compressed data is corrupt or unreadable" }
        switch archiveError {
        case .unreadableArchive, .missingEndOfCentralDirectoryRecord: return "it has no zip directory at its end (not a zip, or cut short)"
        case .invalidCentralDirectoryOffset, .invalidCentralDirectorySize, .invalidCentralDirectoryEntryCount:
            return "its zip directory is damaged"
        case .invalidLocalHeaderDataOffset, .invalidLocalHeaderSize, .invalidEntrySize: return "an entry's header is damaged"
        case .invalidCRC32: return "its checksum does not match its content"
        case .invalidCompressionMethod: return "it is compressed by a method other than store or deflate"
        case .invalidEntryPath: return "an entry's name is not valid"
        default: return "the zip is damaged"
        }
    }
}
