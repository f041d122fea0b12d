import ControlEngine
import Foundation
import Testing
import VigilTestSupport

@testable import VigilKit

struct PerspectiveCatalogueConfigurationTests {
    func folder() throws -> TemporaryFolder {
        try TemporaryFolder("vigil-catalogue")
    }

    @Test func withoutTheKeyChecksGetTheBuiltInCatalogue() throws {
        let config = try Configuration.parse("workspace: .vigil", file: URL(fileURLWithPath: "/etc/vigil/vigil.yaml"))
        #expect(config.checkContext.perspectives == PerspectiveCatalogue.standard)
    }

    @Test func perspectiveCatalogueNamesAFileRelativeToTheConfiguration() throws {
        let temporary = try folder()
        let base = temporary.url
        try FileManager.default.createDirectory(at: base.appendingPathComponent("ca"), withIntermediateDirectories: true)
        try "- {code: pop-fra, rir: RIPE, latitude: 50.11, longitude: 8.68}\n"
            .write(to: base.appendingPathComponent("ca/perspectives.yaml"), atomically: true, encoding: .utf8)
        let config = try Configuration.parse(
            "perspective_catalogue: ca/perspectives.yaml",
            file: base.appendingPathComponent("vigil.yaml"))
        #expect(config.checkContext.perspectives.origin == "ca/perspectives.yaml")
        #expect(config.checkContext.perspectives.perspective("POP-FRA")?.rir == .ripeNCC)
        #expect(config.checkContext.perspectives.perspective("us-east-1") == nil)
    }

    @Test func aBadOrMissingCatalogueIsAnInputErrorNamingThePlace() throws {
        let temporary = try folder()
        let base = temporary.url
        try "- {code: pop-fra, rir: IANA, latitude: 50.11, longitude: 8.68}\n"
            .write(to: base.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
        let file = base.appendingPathComponent("vigil.yaml")
        #expect {
            try Configuration.parse("perspective_catalogue: bad.yaml", file: file)
        } throws: { error in
            "\(error)".contains("[0].rir: 'IANA' is not an RIR") && "\(error)".contains("bad.yaml")
        }
        #expect {
            try Configuration.parse("workspace: w\nperspective_catalogue: none.yaml", file: file)
        } throws: { error in
            "\(error)".contains("line 2: perspective_catalogue: cannot read 'none.yaml'")
        }
    }
}
