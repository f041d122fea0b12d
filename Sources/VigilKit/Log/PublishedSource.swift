import EvidenceModel
import EvidenceStore
import Foundation
import MerkleLog

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Where a published log is read from: a folder, or a plain HTTP(S) base URL (any static server
/// or bucket). A missing file reads as nil; a file that cannot be fetched at all is an I/O error.
public struct PublishedSource: Sendable {
    public let location: String
    /// How long one HTTP request may take.
    public let timeout: TimeInterval

    public init(_ location: String, timeout: TimeInterval = 30) {
        self.location = location
        self.timeout = timeout
    }

    public var isRemote: Bool { location.hasPrefix("http://") || location.hasPrefix("https://") }

    /// The file at `path` (relative to the publication root), nil when absent.
    ///
    /// A file is never read past what its kind can hold (``largest(_:)``): a publisher serving a
    /// gigabyte under a tile's name is refused by name, not held in memory.
    public func read(_ path: String) throws(StoreError) -> Data? {
        let largest = Self.largest(path)
        guard isRemote else {
            let file = URL(fileURLWithPath: location).appendingPathComponent(path).path
            guard let handle = FileHandle(forReadingAtPath: file) else { return nil }
            defer { try? handle.close() }
            let data: Data
            // nil at the end of an empty file; unreadable as a file (a folder of that name): absent, as before.
            do { data = try handle.read(upToCount: largest + 1) ?? Data() } catch { return nil }
            guard data.count <= largest else { throw Self.tooLarge(path, largest) }
            return data
        }
        let base = location.hasSuffix("/") ? location : location + "/"
        guard let url = URL(string: base + path) else { throw .log("\(base)\(path) is not a URL") }
        return try LimitedDownload.get(url, path: path, timeout: timeout, largest: largest)
    }

    /// The most bytes a published file can hold: a hash tile 256 hashes, an entry bundle 256 entries
    /// of at most 65,535 bytes each with their lengths, the checkpoint a signed note; anything else
    /// (a subject's published records) an input's `file_size`.
    static func largest(_ path: String) -> Int {
        if path == "checkpoint" { return InputLimits.standard.documentBytes }
        if path.hasPrefix("tile/entries/") { return TileLayout.width * (2 + Int(UInt16.max)) }
        if path.hasPrefix("tile/") { return TileLayout.width * MerkleHash.byteCount }
        return InputLimits.standard.fileBytes
    }

    fileprivate static func tooLarge(_ path: String, _ largest: Int) -> StoreError {
        .tampered("\(path) holds more than the \(largest) bytes a file of its kind can")
    }
}

/// One GET, synchronously (the verifier is a short command-line run), cancelled as soon as the body
/// runs past `largest` bytes.
private final class LimitedDownload: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    private let lock = NSLock()
    private let done = DispatchSemaphore(value: 0)
    private let largest: Int
    private var body = Data()
    private var status: Int?
    private var failure: (any Error)?
    private var overflowed = false

    private init(largest: Int) { self.largest = largest }

    static func get(_ url: URL, path: String, timeout: TimeInterval, largest: Int) throws(StoreError) -> Data? {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.httpMethod = "GET"
        let download = LimitedDownload(largest: largest)
        let session = URLSession(configuration: .ephemeral, delegate: download, delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        session.dataTask(with: request).resume()
        guard download.done.wait(timeout: .now() + timeout + 5) == .success else {
            throw .log("GET \(url.absoluteString): no answer within \(Int(timeout)) s")
        }
        let (body, status, failure, overflowed) = download.lock.withLock {
            (download.body, download.status, download.failure, download.overflowed)
        }
        if overflowed { throw PublishedSource.tooLarge(path, largest) }
        if let failure { throw .log("GET \(url.absoluteString): \(failure.localizedDescription)") }
        switch status {
        case 200?: return body
        case 404?, 410?: return nil
        case let code?: throw .log("GET \(url.absoluteString): HTTP status \(code)")
        case nil: throw .log("GET \(url.absoluteString): not an HTTP response")
        }
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
    ) {
        let status = (response as? HTTPURLResponse)?.statusCode
        // A declared length past the bound is refused before any of the body is read.
        let tooLong = status == 200 && response.expectedContentLength > Int64(largest)
        lock.withLock {
            self.status = status
            if tooLong { overflowed = true }
        }
        completionHandler(tooLong ? .cancel : .allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let over = lock.withLock { () -> Bool in
            guard !overflowed else { return true }
            if body.count + data.count > largest {
                overflowed = true
                body = Data()
                return true
            }
            body.append(data)
            return false
        }
        if over { dataTask.cancel() }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        lock.withLock { if !overflowed { failure = error } }
        done.signal()
    }
}
