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
        sources.enumerated().flatMap { index, source in
            items(for: source, at: index, configuration: configuration).map { item in
                var item = item
                item.source = index
                return item
            }
        }
    }

    private static func items(for source: SourceSpec, at index: Int, configuration: Configuration) -> [CollectItem] {
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

    /// One item per file a path stands for; a folder holding no regular (non-hidden) file is one failed item,
    /// so an empty folder is reported instead of silently collecting nothing.
    static func fileItems(
        collector: String, path: String, subject: String?, observedAt: Date?,
        limits: InputLimits
    ) -> [CollectItem] {
        var files = expand(path)
        if let sidecars = CollectorRegistry.collector(named: collector) as? any SidecarCollector {
            // A folder of documents holds their sidecars too: those describe inputs, they are not ones.
            let named = Set(files)
            files.removeAll { $0.hasSuffix(sidecars.sidecarSuffix) && named.contains(String($0.dropLast(sidecars.sidecarSuffix.count))) }
        }
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
        // A collector that reads from the file reads a regular one as it parses it: no size limit, nothing held whole.
        if CollectorRegistry.collector(named: collector)?.readsFromFile == true, let measured = StreamedFile.measure(path: path) {
            return CollectItem(
                collector: collector, name: url.lastPathComponent, origin: shown,
                bytes: measured.map { _ in Data() }.mapError { UnreadableInput($0.reason) }, subject: subject,
                observedAt: observedAt, file: try? measured.get())
        }
        var bytes = BoundedFile.read(url, limit: limits.fileBytes)
            .mapError { UnreadableInput($0.reason(setting: "file_size")) }
        var sidecar: SidecarFile?
        if let describing = CollectorRegistry.collector(named: collector) as? any SidecarCollector, case .success = bytes {
            switch Self.sidecar(of: url, for: describing, limit: limits.fileBytes) {
            case .success(let file): sidecar = file
            case .failure(let failure): bytes = .failure(failure)
            }
        }
        return CollectItem(
            collector: collector, name: url.lastPathComponent, origin: shown, bytes: bytes,
            subject: subject, observedAt: observedAt, sidecar: sidecar)
    }

    /// The file beside `url` that describes it, or why it cannot be read (named as it was looked for).
    private static func sidecar(of url: URL, for collector: any SidecarCollector, limit: Int) -> Result<SidecarFile, UnreadableInput> {
        let name = url.lastPathComponent + collector.sidecarSuffix
        let path = url.deletingLastPathComponent().appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: path.path) else {
            return .failure(UnreadableInput(collector.missingSidecar(of: url.lastPathComponent)))
        }
        return BoundedFile.read(path, limit: limit)
            .map { SidecarFile(name: name, bytes: $0) }
            .mapError { UnreadableInput("its sidecar \(name): \($0.reason(setting: "file_size"))") }
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
