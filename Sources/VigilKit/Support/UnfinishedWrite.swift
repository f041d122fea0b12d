import EvidenceModel

/// A write a command started on another thread, to be waited for before the process ends: the
/// re-check memory is written while the report is.
public struct UnfinishedWrite: Sendable {
    private let work: BackgroundWork<Void>

    init(_ write: @escaping @Sendable () -> Void) {
        work = BackgroundWork(write)
    }

    /// Returns once the write is done.
    public func wait() { work.value }
}
