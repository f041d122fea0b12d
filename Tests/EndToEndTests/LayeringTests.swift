import Foundation
import Testing

/// The package's shape, read from its sources: every import is declared in Package.swift, imports
/// point down the layers, and the command line reaches the rest only through VigilKit.
struct LayeringTests {
    static let repository = CLIHabitsTests.repository

    /// The layers, lowest first; a target may import only targets of a lower layer.
    static let layers: [[String]] = [
        ["CGit2", "CNCurses", "CGzip"],
        ["EvidenceModel", "MerkleLog", "BoundedYAML"],
        ["EvidenceStore", "Collectors", "ControlEngine", "Reporting", "EvidenceBundle"],
        ["VigilKit", "TUICore"],
        ["TUITerminal"],
        ["vigil"],
    ]

    /// Modules of the platform, which Package.swift does not list.
    static let platform: Set<String> = ["Foundation", "FoundationNetworking", "Glibc", "Dispatch", "Testing"]

    /// A product's modules beyond its own name (Yams ships libyaml as `CYaml`).
    static let productModules: [String: Set<String>] = ["Yams": ["Yams", "CYaml"]]

    @Test func everyImportIsDeclaredInThePackageManifest() throws {
        let declared = try Self.declaredDependencies()
        for target in Self.layers.joined() {
            let allowed = (declared[target] ?? []).reduce(into: Self.platform) { $0.formUnion(Self.productModules[$1] ?? [$1]) }
            let undeclared = try Self.imports(of: target).subtracting(allowed)
            #expect(undeclared.isEmpty, "\(target) imports \(undeclared.sorted()) without declaring them in Package.swift")
        }
    }

    @Test func importsPointDownTheLayers() throws {
        for (level, targets) in Self.layers.enumerated() {
            let lower = Set(Self.layers[..<level].joined())
            let ours = Set(Self.layers.joined())
            for target in targets {
                let upward = try Self.imports(of: target).intersection(ours).subtracting(lower)
                #expect(upward.isEmpty, "\(target) imports \(upward.sorted()), which are not below it")
            }
        }
    }

    @Test func theCommandLineImportsOnlyVigilKitTheTUIAndArgumentParser() throws {
        let imports = try Self.imports(of: "vigil").subtracting(Self.platform)
        #expect(imports == ["VigilKit", "TUICore", "TUITerminal", "ArgumentParser"], "\(imports.sorted())")
        #expect(try Self.declaredDependencies()["vigil"] == ["VigilKit", "TUICore", "TUITerminal", "ArgumentParser"])
    }

    /// The modules a target's sources import (a `#if canImport` guard does not exempt one).
    static func imports(of target: String) throws -> Set<String> {
        let folder = repository.appendingPathComponent("Sources/\(target)")
        let pattern = try Regex(#"^\s*(?:@testable |@_implementationOnly |internal |public |private )*import (?:struct |enum |class |func )?(\w+)"#)
        var modules: Set<String> = []
        let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        for file in files where file.pathExtension == "swift" {
            for line in try String(contentsOf: file, encoding: .utf8).split(separator: "\n") {
                if let match = line.firstMatch(of: pattern), let name = match.output[1].substring { modules.insert(String(name)) }
            }
        }
        return modules
    }

    /// Each target's dependencies as Package.swift declares them: target names and product names.
    static func declaredDependencies() throws -> [String: Set<String>] {
        let manifest = try String(contentsOf: repository.appendingPathComponent("Package.swift"), encoding: .utf8)
        let target = try Regex(#"\.(?:target|executableTarget|testTarget)\(\s*name: "(\w+)",\s*dependencies: \["#)
        let quoted = try Regex(#"(package: )?"([\w.-]+)""#)
        var declared: [String: Set<String>] = [:]
        for match in manifest.matches(of: target) {
            guard let name = match.output[1].substring else { continue }
            var depth = 1
            var end = match.range.upperBound
            while depth > 0, end < manifest.endIndex {
                if manifest[end] == "[" { depth += 1 } else if manifest[end] == "]" { depth -= 1 }
                end = manifest.index(after: end)
            }
            declared[String(name)] = Set(
                manifest[match.range.upperBound..<end].matches(of: quoted).compactMap { item in
                    item.output[1].substring == nil ? item.output[2].substring.map(String.init) : nil
                })
        }
        return declared
    }
}
