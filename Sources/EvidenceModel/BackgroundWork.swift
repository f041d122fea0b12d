import Foundation

/// A value made on another thread while the caller goes on with other work; ``value`` waits for it.
/// Two cores do two independent steps at once: a re-check decodes what it remembered while the index's
/// seal is hashed, and an index rebuild reads the next window's records while it saves this one's.
public final class BackgroundWork<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchGroup()
    private var made: Value?  // written before `done` is left, read after
    private var make: (@Sendable () -> Value)?  // taken by the thread that runs it

    /// Starts `make` on another thread.
    public init(_ make: @escaping @Sendable () -> Value) {
        self.make = make
        done.enter()
        DispatchQueue.global().async {
            self.made = self.run()
            self.done.leave()
        }
    }

    /// Runs the work and lets go of it, and of all it holds, before its value is handed over: a
    /// database the work wrote to was otherwise closed on this thread after the caller went on, and
    /// a rebuild replacing that file meanwhile met "disk I/O error".
    private func run() -> Value {
        guard let work = make.take() else { preconditionFailure("background work run twice") }
        return work()
    }

    /// The value, once made.
    public var value: Value {
        done.wait()
        guard let made else { preconditionFailure("background work left without its value") }
        return made
    }
}

/// Lets `value` go on another thread: freeing what a re-check of 50k subjects remembered took a
/// fourteenth of it, on the thread that had the report to write. The caller must hold no other
/// reference to what `value` holds, or that reference frees it instead.
public func letGoInBackground(_ value: consuming some Sendable) {
    let held = value
    DispatchQueue.global(qos: .utility).async { withExtendedLifetime(held) {} }
}
