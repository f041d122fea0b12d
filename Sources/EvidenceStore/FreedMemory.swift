#if canImport(Glibc)
    import Glibc
#endif

/// Gives the pages of memory freed since the last call back to the system.
///
/// glibc's `free` keeps freed memory in its arenas, and only the top of the heap is returned on its
/// own: after a commit of 262,144 records is staged, the few long-lived allocations made meanwhile
/// (each record's place for the index) pin the freed staging tables' pages, and a collect's resident
/// size kept growing commit after commit though its live memory did not. `malloc_trim` releases every
/// whole free page; it costs a walk of the free lists, a few milliseconds, once per commit.
public enum FreedMemory {
    public static func release() {
        #if canImport(Glibc)
            // Not in Swift's Glibc module (it is declared in <malloc.h>): looked up once, by name.
            _ = trim?(0)
        #endif
    }

    /// Makes every block of 128 KiB or more a mapping of its own, given back to the system when it
    /// is freed, for the rest of the process.
    ///
    /// glibc raises that bound each time such a block is freed (up to 32 MiB), after which blocks
    /// under it come from the arenas and stay there once freed, split by the small blocks made
    /// around them. A 400k-key collect peaked at 451–506 MiB resident, 393 MiB with the bound
    /// fixed (same build). It costs the mappings: 1.02–1.04× the time of a collect or a check
    /// (paired runs, README "At scale").
    public static func returnLargeBlocksAtOnce() {
        #if canImport(Glibc)
            // M_TRIM_THRESHOLD and M_MMAP_THRESHOLD, at their first values: set, they stay.
            _ = options?(-1, 128 << 10)
            _ = options?(-3, 128 << 10)
        #endif
    }

    #if canImport(Glibc)
        private typealias Trim = @convention(c) (Int) -> Int32
        private static let trim: Trim? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim").map { unsafeBitCast($0, to: Trim.self) }
        private typealias Options = @convention(c) (Int32, Int32) -> Int32
        private static let options: Options? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt").map { unsafeBitCast($0, to: Options.self) }
    #endif
}
