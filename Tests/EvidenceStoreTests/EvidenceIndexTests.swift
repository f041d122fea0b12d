import EvidenceModel
import Foundation
import Testing
import VigilTestSupport

@testable import EvidenceStore

struct EvidenceIndexTests {
    private func populatedStore(in dir: TemporaryFolder) throws -> EvidenceStore {
        let store = try EvidenceStore.create(at: dir.url.appendingPathComponent("store"), at: instant("2026-11-01T00:00:00Z"), signing: testSigning)
        for day in 10...12 {
            let records = [
                sampleRecord(subject: "host:web-01", version: "\(day)", at: "2026-11-\(day)T06:00:00Z"),
                sampleRecord(subject: "host:db-01", version: "\(day)", at: "2026-11-\(day)T06:00:00Z"),
            ]
            _ = try store.append(
                records: records, rawInputs: [Data("\(day)".utf8)], message: "day \(day)\n",
                at: instant("2026-11-\(day)T07:00:00Z"), signing: testSigning)
        }
        return store
    }

    @Test func indexUsesWriteAheadLogging() throws {
        let dir = try TemporaryFolder()
        let index = try EvidenceIndex(path: dir.url.appendingPathComponent("index.sqlite"))
        _ = try index.recordCount()
        #expect(FileManager.default.fileExists(atPath: dir.url.appendingPathComponent("index.sqlite-wal").path))
    }

    @Test func syncIndexesEveryRecordAndQueriesFilter() throws {
        let dir = try TemporaryFolder()
        let store = try populatedStore(in: dir)
        let index = try EvidenceIndex(path: dir.url.appendingPathComponent("index.sqlite"))
        #expect(try index.sync(with: store) == 6)
        #expect(try index.sync(with: store) == 0)
        #expect(try index.indexedHead() == store.head()?.id)
        #expect(try index.records(matching: RecordQuery(subject: "host:web-01")).count == 3)
        let early = try index.records(matching: RecordQuery(observedAtOrBefore: instant("2026-11-11T06:00:00Z")))
        #expect(early.count == 4)
        #expect(early.map(\.observedAt) == early.map(\.observedAt).sorted())
        #expect(try index.records(matching: RecordQuery(kind: "asset")).isEmpty)
    }

    /// A sync handed the records its process appended takes them without reading the subject's
    /// entries back, and only when they rebuild the signed head: records that do not (as many, but
    /// other ones) are read from the store instead, and the index equals a rebuilt one either way.
    @Test func appendedRecordsAreTakenOnlyWhenTheyRebuildTheSignedHead() throws {
        let dir = try TemporaryFolder()
        let store = try populatedStore(in: dir)
        let index = try EvidenceIndex(path: dir.url.appendingPathComponent("index.sqlite"))
        let plain = try EvidenceIndex(path: dir.url.appendingPathComponent("plain.sqlite"))
        try index.sync(with: store)
        try plain.sync(with: store)
        let next = [
            sampleRecord(subject: "host:web-01", version: "13", at: "2026-11-13T06:00:00Z"),
            sampleRecord(subject: "host:db-01", version: "13", at: "2026-11-13T06:00:00Z"),
        ]
        let appended = try store.append(
            records: next, rawInputs: [Data("13".utf8)], message: "day 13\n",
            at: instant("2026-11-13T07:00:00Z"), signing: testSigning)
        let impostors = [
            sampleRecord(subject: "host:web-01", version: "99", at: "2026-11-13T06:00:00Z"),
            sampleRecord(subject: "host:db-01", version: "99", at: "2026-11-13T06:00:00Z"),
        ]
        // Records of the right subjects and count whose bytes do not rebuild the signed heads; and
        // one under its subject with another record's bytes.
        let from = appended.written.fromRootEntry
        let written = AppendedRecords(impostors.map { record in WrittenRecord(bytes: .inline(record.canonicalData)) }, fromRootEntry: from)
        let misnamed = AppendedRecords([written.records[0], appended.written.records[1]], fromRootEntry: from)
        let rebuilt = try EvidenceIndex.rebuild(at: dir.url.appendingPathComponent("rebuilt.sqlite"), from: store).dump()
        for (name, appended) in [("written", written), ("misnamed", misnamed)] {
            let index = try EvidenceIndex(path: dir.url.appendingPathComponent("\(name).sqlite"))
            #expect(try index.sync(with: store, appended: appended) == 8, "\(name)")
            #expect(try index.dump() == rebuilt, "\(name)")
        }
        #expect(try index.sync(with: store, appended: written) == 2)
        try plain.sync(with: store)
        #expect(try index.dump() == plain.dump())
        #expect(try index.records(matching: RecordQuery(subject: "host:web-01")).map(\.id).contains(next[0].id))
        #expect(try !index.records(matching: RecordQuery(subject: "host:web-01")).map(\.id).contains(impostors[0].id))

        let honest = try EvidenceIndex(path: dir.url.appendingPathComponent("honest.sqlite"))
        try honest.sync(with: store, appended: appended.written)
        #expect(try honest.dump() == rebuilt)
    }

    /// A selection large enough to be parsed in shares across cores comes back whole and in order.
    @Test func aLargeSelectionParsedInSharesKeepsItsOrder() throws {
        let dir = try TemporaryFolder()
        let store = try EvidenceStore.create(at: dir.url.appendingPathComponent("store"), at: instant("2026-11-01T00:00:00Z"), signing: testSigning)
        let records = (0..<3_001).map { n in
            sampleRecord(
                subject: "host:h\(n % 97)", version: "\(n)",
                at: Timestamp.format(instant("2026-11-10T00:00:00Z").addingTimeInterval(Double((n * 7_919) % 3_001))))
        }
        _ = try store.append(
            records: records, rawInputs: [Data("raw".utf8)], message: "many\n", at: instant("2026-11-11T00:00:00Z"),
            signing: testSigning)
        let index = try EvidenceIndex(path: dir.url.appendingPathComponent("index.sqlite"))
        try index.sync(with: store)
        let read = try index.records(matching: RecordQuery())
        #expect(read.count == records.count)
        #expect(read.map(\.observedAt) == records.map(\.observedAt).sorted())
        #expect(Set(read.map(\.id)) == Set(records.map(\.id)))
        #expect(read.allSatisfy { $0.loggedAt == instant("2026-11-11T00:00:00Z") })
    }

    @Test func rebuildFromTheStoreAloneIsIdenticalToIncrementalSync() throws {
        let dir = try TemporaryFolder()
        let store = try populatedStore(in: dir)
        let path = dir.url.appendingPathComponent("index.sqlite")
        let incremental = try EvidenceIndex(path: path)
        // Catch up one commit at a time, as collect runs do.
        try incremental.sync(with: store)
        let before = try incremental.dump()
        let rebuilt = try EvidenceIndex.rebuild(at: path, from: store)
        #expect(try rebuilt.dump() == before)
        #expect(!before.isEmpty)
    }

    /// A new index has 16 KiB pages and copies its WAL back every 64 MiB; one made with 4 KiB pages
    /// keeps them (and the same 64 MiB) until a rebuild makes it anew, with the same rows.
    @Test func aNewIndexHasLargePagesAndARebuildGivesThemToAnOldOne() throws {
        let dir = try TemporaryFolder()
        let store = try populatedStore(in: dir)
        let fresh = try EvidenceIndex(path: dir.url.appendingPathComponent("new.sqlite"))
        #expect(try fresh.pages == (16384, 4096))
        let path = dir.url.appendingPathComponent("index.sqlite")
        let old = try EvidenceIndex(path: path, newPageSize: 4096)
        try old.sync(with: store)
        let rows = try old.dump()
        #expect(try EvidenceIndex(path: path).pages == (4096, 16384))
        let rebuilt = try EvidenceIndex.rebuild(at: path, from: store)
        #expect(try rebuilt.pages == (16384, 4096))
        #expect(try rebuilt.dump() == rows)
        #expect(!rows.isEmpty)
    }

    /// A transaction stops at whichever bound it reaches first, and where it stops changes nothing
    /// of what is indexed.
    @Test func transactionsEndAtTheirEntryOrRecordBoundAndIndexTheSame() throws {
        let dir = try TemporaryFolder()
        let store = try populatedStore(in: dir)
        _ = try store.append(
            records: (0..<7).map { sampleRecord(subject: "host:busy", version: "\($0)", at: "2026-11-13T06:00:00Z") },
            rawInputs: [], message: "busy\n", at: instant("2026-11-13T07:00:00Z"), signing: testSigning)
        let whole = try EvidenceIndex(path: dir.url.appendingPathComponent("whole.sqlite"))
        try whole.sync(with: store)
        for (size, steps) in [((2, 100), [2, 4, 6, 13]), ((100, 3), [3, 6, 13])] {
            let index = try EvidenceIndex(path: dir.url.appendingPathComponent("\(size).sqlite"))
            index.transactionSize = SyncTransactionSize(entries: size.0, records: size.1)
            var reported: [Int] = []
            try index.sync(with: store) { reported.append($0.records) }
            #expect(reported == steps, "transactions of \(size)")
            #expect(try index.dump() == whole.dump())
        }
    }

    @Test func indexBehindTheStoreCatchesUpAfterAnInterruptedRun() throws {
        let dir = try TemporaryFolder()
        let store = try populatedStore(in: dir)
        let index = try EvidenceIndex(path: dir.url.appendingPathComponent("index.sqlite"))
        try index.sync(with: store)
        // A run that committed to the store but died before updating the index.
        _ = try store.append(
            records: [sampleRecord(subject: "host:new", at: "2026-11-13T00:00:00Z")], rawInputs: [],
            message: "crash\n", at: instant("2026-11-13T00:00:00Z"), signing: testSigning)
        #expect(try index.sync(with: store) == 1)
        #expect(try index.recordCount() == 7)
    }
}

struct EvidenceIndexConcurrencyTests {
    @Test func twoIndexesOnOneFileSyncingTheSameCommitsStoreThemOnce() throws {
        let dir = try TemporaryFolder()
        let store = try EvidenceStore.create(at: dir.url.appendingPathComponent("store"), at: instant("2026-11-01T00:00:00Z"), signing: testSigning)
        for day in 10...19 {
            _ = try store.append(
                records: [sampleRecord(version: "\(day)", at: "2026-11-\(day)T00:00:00Z")], rawInputs: [],
                message: "\(day)\n", at: instant("2026-11-\(day)T00:00:00Z"), signing: testSigning)
        }
        let path = dir.url.appendingPathComponent("index.sqlite")
        // Each writer has its own connection and its own repository handle, as two processes would.
        nonisolated(unsafe) let writers = [
            (try EvidenceIndex(path: path), try EvidenceStore.open(at: store.path)),
            (try EvidenceIndex(path: path), try EvidenceStore.open(at: store.path)),
        ]
        nonisolated(unsafe) var failures: [String] = []
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            do { try writers[i].0.sync(with: writers[i].1) } catch {
                lock.lock(); failures.append("\(error)"); lock.unlock()
            }
        }
        let first = writers[0].0
        #expect(failures.isEmpty, "\(failures)")
        #expect(try first.recordCount() == 10)
    }

    /// Four processes catching one index up over many batches at once: each may find that another
    /// indexed the batch it was about to read (its subjects' logs moved on between two reads), which
    /// is a reason to start that batch again, never a store called tampered.
    @Test func indexesCatchingUpTogetherOverManyBatchesNeverCallEachOtherTampered() throws {
        let dir = try TemporaryFolder()
        let store = try EvidenceStore.create(at: dir.url.appendingPathComponent("store"), at: instant("2026-11-01T00:00:00Z"), signing: testSigning)
        for day in 10...13 {
            let records = (0..<600).map { sampleRecord(subject: "host:h\($0)", version: "\(day)", at: "2026-11-\(day)T00:00:00Z") }
            _ = try store.append(records: records, rawInputs: [], message: "\(day)\n", at: instant("2026-11-\(day)T00:00:00Z"), signing: testSigning)
        }
        for round in 0..<3 {
            let path = dir.url.appendingPathComponent("index-\(round).sqlite")
            nonisolated(unsafe) let writers = try (0..<4).map { _ in
                let index = try EvidenceIndex(path: path)
                index.transactionSize = SyncTransactionSize(entries: 256, records: 300)
                return (index, try EvidenceStore.open(at: store.path))
            }
            nonisolated(unsafe) var failures: [String] = []
            let lock = NSLock()
            DispatchQueue.concurrentPerform(iterations: writers.count) { i in
                do { try writers[i].0.sync(with: writers[i].1) } catch {
                    lock.lock(); failures.append("\(error)"); lock.unlock()
                }
            }
            #expect(failures.isEmpty, "round \(round): \(failures)")
            #expect(try writers[0].0.recordCount() == 2_400)
        }
    }
}
