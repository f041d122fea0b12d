import Foundation

/// One commit's changes to the subject map of store layout v3 (``SubjectMapBucket``): the buckets it
/// touches are read from the parent's tree once, when their first subject is asked for, changed in
/// memory, and written once at the end of the commit, each as one blob.
///
/// Pure over `read`, which returns a file of the parent's tree (nil when absent), as
/// ``LogAppender`` is: what a commit holds is the buckets it touches, never the whole map.
struct SubjectMapChanges {
    private let read: (String) throws(StoreError) -> Data?
    /// The buckets read or changed so far, by path, and whether each changed.
    private var buckets: [String: (bucket: SubjectMapBucket, changed: Bool)] = [:]

    init(reading read: @escaping (String) throws(StoreError) -> Data?) {
        self.read = read
    }

    /// The entry of `subject` as this commit leaves it so far; nil for a subject not logged yet.
    mutating func entry(of subject: String) throws(StoreError) -> SubjectMapBucket.Entry? {
        try bucket(at: SubjectMapBucket.path(of: subject)).entry(of: subject)
    }

    /// Sets the entry of its subject.
    mutating func set(_ entry: SubjectMapBucket.Entry) throws(StoreError) {
        let path = SubjectMapBucket.path(ofHash: entry.hash)
        var bucket = try bucket(at: path)
        bucket.set(entry)
        buckets[path] = (bucket, true)
    }

    /// The buckets the commit changed, by path, in path order: the blobs to write.
    var changed: [(path: String, bytes: Data)] {
        buckets.filter(\.value.changed).keys.sorted().map { path in (path, buckets[path]?.bucket.bytes ?? Data()) }
    }

    /// The changed buckets before `subject`'s, in path order, let go: a commit walking its subjects
    /// in hash order writes each bucket once it has passed it, holding one bucket at a time, not
    /// every bucket it touched. A bucket taken is not read again: asking for it is a fault.
    mutating func takeChanged(before subject: String) -> [(path: String, bytes: Data)] {
        let limit = SubjectMapBucket.path(of: subject)
        let passed = buckets.keys.filter { $0 < limit }.sorted()
        var taken: [(path: String, bytes: Data)] = []
        for path in passed {
            guard let held = buckets.removeValue(forKey: path) else { continue }
            lastTaken = path
            if held.changed { taken.append((path, held.bucket.bytes)) }
        }
        return taken
    }

    /// The last bucket let go by ``takeChanged(before:)``: none before it may be read again.
    private var lastTaken: String?

    private mutating func bucket(at path: String) throws(StoreError) -> SubjectMapBucket {
        if let known = buckets[path] { return known.bucket }
        precondition(lastTaken.map { path > $0 } ?? true, "the subject map bucket \(path) was asked for after it was written")
        let bucket = try read(path).map { bytes throws(StoreError) in try SubjectMapBucket(bytes: bytes, path: path) } ?? SubjectMapBucket()
        buckets[path] = (bucket, false)
        return bucket
    }
}
