import Foundation
import Testing
import VigilTestSupport

@testable import VigilKit

/// The workspace lock says whom a waiting run waits for, and since when.
@Suite(.serialized)
struct WorkspaceLockTests {
    @Test func aWaitingRunIsToldWhoHoldsTheLockAndSinceWhenThenGetsIt() throws {
        let folder = try TemporaryFolder()
        let file = folder.url.appendingPathComponent("lock")
        nonisolated(unsafe) var held: WorkspaceLock? = try WorkspaceLock(at: file, timeout: 1)
        let note = try String(contentsOf: file, encoding: .utf8)
        #expect(note.hasPrefix("pid \(getpid()) since 20"), "\(note)")
        var said: [String] = []
        let released = DispatchSemaphore(value: 0)
        DispatchQueue.global().asyncAfter(deadline: .now() + 1.6) {
            held = nil
            released.signal()
        }
        let second = try WorkspaceLock(at: file, timeout: 10, waiting: { said.append($0) })
        released.wait()
        #expect(said.count == 1)
        #expect(said.first?.contains("waiting for the workspace lock \(file.path), held by pid \(getpid()) since 20") == true, "\(said)")
        withExtendedLifetime(second) {}
        _ = held
    }

    @Test func aRunThatGivesUpNamesTheHolder() throws {
        let folder = try TemporaryFolder()
        let file = folder.url.appendingPathComponent("lock")
        do {
            let held = try WorkspaceLock(at: file, timeout: 1)
            #expect {
                _ = try WorkspaceLock(at: file, timeout: 0.2)
            } throws: { error in
                "\(error)".contains("another vigil run holds the workspace lock \(file.path), held by pid \(getpid()) since ")
            }
            withExtendedLifetime(held) {}
        }
        _ = try WorkspaceLock(at: file, timeout: 0.2)
        #expect(try String(contentsOf: file, encoding: .utf8).isEmpty, "a released lock names no holder")
    }
}
