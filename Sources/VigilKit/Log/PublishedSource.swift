import EvidenceStore
import Foundation

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
    public func read(_ path: String) throws(StoreError) -> Data? {
        guard isRemote else {
            return FileManager.default.contents(atPath: URL(fileURLWithPath: location).appendingPathComponent(path).path)
        }
        let base = location.hasSuffix("/") ? location : location + "/"
        guard let url = URL(string: base + path) else { throw .log("\(base)\(path) is not a URL") }
        return try Self.get(url, timeout: timeout)
    }

    /// One GET, synchronously (the verifier is a short command-line run).
    private static func get(_ url: URL, timeout: TimeInterval) throws(StoreError) -> Data? {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.httpMethod = "GET"
        let box = ResponseBox()
        let session = URLSession(configuration: .ephemeral)
        defer { session.finishTasksAndInvalidate() }
        session.dataTask(with: request) { data, response, error in
            box.set(data: data, status: (response as? HTTPURLResponse)?.statusCode, error: error)
        }.resume()
        guard box.wait(seconds: timeout + 5) else { throw .log("GET \(url.absoluteString): no answer within \(Int(timeout)) s") }
        let (data, status, error) = box.value
        if let error { throw .log("GET \(url.absoluteString): \(error.localizedDescription)") }
        switch status {
        case 200?: return data ?? Data()
        case 404?, 410?: return nil
        case let code?: throw .log("GET \(url.absoluteString): HTTP status \(code)")
        case nil: throw .log("GET \(url.absoluteString): not an HTTP response")
        }
    }
}

/// Carries a data task's answer to the waiting thread.
private final class ResponseBox: @unchecked Sendable {
    private let lock = NSLock()
    private let done = DispatchSemaphore(value: 0)
    private var stored: (Data?, Int?, (any Error)?) = (nil, nil, nil)

    func set(data: Data?, status: Int?, error: (any Error)?) {
        lock.withLock { stored = (data, status, error) }
        done.signal()
    }

    func wait(seconds: TimeInterval) -> Bool { done.wait(timeout: .now() + seconds) == .success }

    var value: (Data?, Int?, (any Error)?) { lock.withLock { stored } }
}
