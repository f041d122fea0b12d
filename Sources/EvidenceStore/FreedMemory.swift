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

    #if canImport(Glibc)
        private typealias Trim = @convention(c) (Int) -> Int32
        private static let trim: Trim? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim").map { unsafeBitCast($0, to: Trim.self) }
    #endif
}
