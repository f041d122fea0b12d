import EvidenceStore

/// How this process gives freed memory back to the system: set by the command line once, before
/// any work (``FreedMemory/returnLargeBlocksAtOnce()``).
public enum ProcessMemory {
    public static func prepare() { FreedMemory.returnLargeBlocksAtOnce() }
}
