import Collectors
import EvidenceModel
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Turns command-line paths and configured sources into collect items, reading every file once.
public enum InputGathering {
    /// Files named on the command line; a folder stands for the files inside it (recursively, hidden ones skipped).
    public static func items(
        collector: String, paths: [String], subject: String?, observedAt: Date?,
        limits: InputLimits = .standard
    ) -> [CollectItem] {
        paths.flatMap { path in
            fileItems(collector: collector, path: path, subject: subject, observedAt: observedAt, limits: limits)
        }
    }

    /// The sources of `vigil.yaml`: globs relative to its folder, or commands run on this host.
    public static func items(for sources: [SourceSpec], configuration: Configuration) -> [CollectItem] {
        sources.enumerated().flatMap { index, source -> [CollectItem] in
            switch source.input {
            case .path(let pattern):
                let matches = glob(configuration.resolve(pattern).path)
                guard !matches.isEmpty else {
                    return [
                        CollectItem(
                            collector: source.collector, name: pattern, origin: "sources[\(index)] \(pattern)",
                            bytes: .failure(UnreadableInput("matched no files")),
                            subject: source.subject, observedAt: source.observedAt)
                    ]
                }
                return matches.flatMap { match in
                    fileItems(
                        collector: source.collector, path: match, subject: source.subject, observedAt: source.observedAt,
                        limits: configuration.limits)
                }
            case .command(let command):
                return [
                    CommandSource.run(
                        command, collector: source.collector, subject: source.subject,
                        observedAt: source.observedAt, timeout: source.timeout ?? configuration.limits.commandTimeout,
                        outputLimit: configuration.limits.commandOutputBytes)
                ]
            }
        }
    }

    /// One item per file a path stands for; a folder holding no regular (non-hidden) file is one failed item,
    /// so an empty folder is reported instead of silently collecting nothing.
    static func fileItems(
        collector: String, path: String, subject: String?, observedAt: Date?,
        limits: InputLimits
    ) -> [CollectItem] {
        let files = expand(path)
        guard files.isEmpty else {
            return files.map { fileItem(collector: collector, path: $0, subject: subject, observedAt: observedAt, limits: limits) }
        }
        let url = URL(fileURLWithPath: path)
        let shown = ControlLibrary.displayPath(url)
        let reason = "the folder holds no input files (hidden files and sub-folders alone do not count)"
        return [
            CollectItem(
                collector: collector, name: url.lastPathComponent, origin: shown,
                bytes: .failure(UnreadableInput(reason)), subject: subject, observedAt: observedAt)
        ]
    }

    static func fileItem(
        collector: String, path: String, subject: String?, observedAt: Date?,
        limits: InputLimits = .standard
    ) -> CollectItem {
        let url = URL(fileURLWithPath: path)
        let shown = ControlLibrary.displayPath(url)
        // A streaming collector reads a regular file as it parses it: no size limit, nothing held whole.
        if CollectorRegistry.collector(named: collector) is any StreamingCollector, let measured = StreamedFile.measure(path: path) {
            return CollectItem(
                collector: collector, name: url.lastPathComponent, origin: shown,
                bytes: measured.map { _ in Data() }.mapError { UnreadableInput($0.reason) }, subject: subject,
                observedAt: observedAt, file: try? measured.get())
        }
        let bytes = BoundedFile.read(url, limit: limits.fileBytes)
            .mapError { UnreadableInput($0.reason(setting: "file_size")) }
        return CollectItem(
            collector: collector, name: url.lastPathComponent, origin: shown, bytes: bytes,
            subject: subject, observedAt: observedAt)
    }

    static func expand(_ path: String) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            return [path]
        }
        guard let walker = FileManager.default.enumerator(atPath: path) else { return [] }
        var files: [String] = []
        while let relative = walker.nextObject() as? String {
            let full = (path as NSString).appendingPathComponent(relative)
            var dir: ObjCBool = false
            let hidden = relative.split(separator: "/").contains { $0.hasPrefix(".") }
            if !hidden, FileManager.default.fileExists(atPath: full, isDirectory: &dir), !dir.boolValue {
                files.append(full)
            }
        }
        return files.sorted()
    }

    /// POSIX glob(3) with `{a,b}` braces, sorted; no matches gives an empty list.
    static func glob(_ pattern: String) -> [String] {
        var matches = glob_t()
        defer { globfree(&matches) }
        guard Glibc.glob(pattern, GLOB_BRACE, nil, &matches) == 0 else { return [] }
        return (0..<Int(matches.gl_pathc)).compactMap { i in matches.gl_pathv[i].map { String(cString: $0) } }.sorted()
    }
}
