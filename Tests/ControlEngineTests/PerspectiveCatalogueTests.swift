import Foundation
import Testing

@testable import ControlEngine

struct PerspectiveCatalogueTests {
    /// open-mpic-core `resources/test_region_config.yaml` (copied from the Open MPIC project).
    @Test func theBuiltInCatalogueCoversEveryOpenMPICRegionWithItsRIR() throws {
        let url = try #require(Bundle.module.url(forResource: "open-mpic-test_region_config", withExtension: "yaml", subdirectory: "Fixtures"))
        let text = String(decoding: try Data(contentsOf: url), as: UTF8.self)
        let entry = try Regex(#"code: "([^"]+)"\s+name: "([^"]+)"\s+rir: "([^"]+)""#)
        let regions = text.matches(of: entry).map { match in
            (String(match.output[1].substring ?? ""), String(match.output[2].substring ?? ""), String(match.output[3].substring ?? ""))
        }
        #expect(regions.count == 30)
        for (code, name, rir) in regions {
            let perspective = PerspectiveCatalogue.standard.perspective(code)
            #expect(perspective != nil, "\(code) missing")
            #expect(perspective?.rir == RIR(spelling: rir), "\(code): \(rir)")
            #expect(perspective?.name == name)
        }
    }

    @Test(arguments: [
        ("RIPE NCC", RIR.ripeNCC), ("ripe ncc", .ripeNCC), ("RIPE", .ripeNCC), ("Ripe-NCC", .ripeNCC),
        ("arin", .arin), ("APNIC", .apnic), ("LACNIC", .lacnic), ("afrinic", .afrinic),
    ])
    func rirSpellingsAreNormalised(spelling: String, rir: RIR) {
        #expect(RIR(spelling: spelling) == rir)
    }

    @Test func unknownRIRsAreNotGuessed() {
        #expect(RIR(spelling: "IANA") == nil)
        #expect(RIR(spelling: "") == nil)
    }

    @Test func haversineDistances() throws {
        let equatorA = NetworkPerspective(code: "a", rir: .arin, latitude: 0, longitude: 0)
        let equatorB = NetworkPerspective(code: "b", rir: .arin, latitude: 0, longitude: 1)
        // One degree of a great circle on the IUGG mean sphere: 6371.0088 km × π/180.
        #expect(abs(equatorA.distance(to: equatorB) - 111.19508) < 0.001)
        let london = try #require(PerspectiveCatalogue.standard.perspective("eu-west-2"))
        let paris = try #require(PerspectiveCatalogue.standard.perspective("EU-WEST-3"))
        #expect(abs(london.distance(to: paris) - 343.6) < 0.5)
        #expect(london.distance(to: paris) == paris.distance(to: london))
        let pole = NetworkPerspective(code: "n", rir: .arin, latitude: 90, longitude: 0)
        let south = NetworkPerspective(code: "s", rir: .arin, latitude: -90, longitude: 0)
        #expect(abs(pole.distance(to: south) - 6371.0088 * Double.pi) < 0.001)
    }

    @Test func openMPICsTooCloseCodesAreCloseByTheGreatCircleToo() throws {
        let pairs = [
            ("ap-northeast-1", "ap-northeast-3"), ("eu-central-1", "eu-central-2"), ("eu-central-2", "eu-south-1"),
            ("eu-west-2", "eu-west-3"), ("me-central-1", "me-south-1"), ("us-east-1", "us-east-2"),
        ]
        for (a, b) in pairs {
            let first = try #require(PerspectiveCatalogue.standard.perspective(a))
            let second = try #require(PerspectiveCatalogue.standard.perspective(b))
            #expect(first.distance(to: second) < 500, "\(a)–\(b)")
        }
    }

    @Test func aCatalogueFileReplacesTheBuiltInOne() throws {
        let catalogue = try PerspectiveCatalogueFile.parse(
            """
            - {code: Pop-Frankfurt, rir: ripe, latitude: 50.1109, longitude: 8.6821, name: Frankfurt}
            - {code: pop-ashburn, rir: ARIN, latitude: 39, longitude: -77.5}
            """, file: "ca.yaml")
        #expect(catalogue.origin == "ca.yaml")
        #expect(catalogue.perspective("pop-frankfurt")?.rir == .ripeNCC)
        #expect(catalogue.perspective("POP-ASHBURN")?.longitude == -77.5)
        #expect(catalogue.perspective("us-east-1") == nil)
    }

    @Test(arguments: [
        ("- {code: a, rir: ARIN, latitude: 91, longitude: 0}", "[0].latitude", "expected degrees between -90 and 90"),
        ("- {code: a, rir: IANA, latitude: 1, longitude: 0}", "[0].rir", "'IANA' is not an RIR (ARIN, RIPE NCC, APNIC, LACNIC, AFRINIC)"),
        ("- {code: a, rir: ARIN, latitude: 1}", "[0].longitude", "expected degrees between -180 and 180"),
        ("- {code: a, rir: ARIN, latitude: 1, longitude: 2}\n- {code: A, rir: ARIN, latitude: 1, longitude: 2}", "[1].code", "'A' is listed twice"),
        ("- {code: a, rir: ARIN, latitude: 1, longitude: 2, city: x}", "[0]", "unknown key 'city' (known: code, rir, latitude, longitude, name)"),
        ("{code: a}", "line 1", "expected a non-empty list of {code, rir, latitude, longitude[, name]}"),
    ])
    func badCatalogueFilesNameTheEntry(text: String, location: String, reason: String) {
        #expect(throws: PerspectiveCatalogueError(file: "ca.yaml", location: location, reason: reason)) {
            try PerspectiveCatalogueFile.parse(text, file: "ca.yaml")
        }
    }

    @Test func phasesAndTheQuorumTable() {
        #expect(MPICRequirement.inForce(at: MPICFixture.day("2025-03-14T23:59:59Z")) == nil)
        #expect(MPICRequirement.inForce(at: MPICFixture.day("2025-03-15T00:00:00Z"))?.effective == "2025-03-15")
        #expect(MPICRequirement.inForce(at: MPICFixture.day("2026-11-29T12:00:00Z"))?.minimumRemotePerspectives == 4)
        #expect(MPICRequirement.inForce(at: MPICFixture.day("2026-12-15T00:00:00Z"))?.minimumRemotePerspectives == 5)
        #expect((1...8).map { MPICRequirement.allowedNonCorroborations(distinct: $0) } == [0, 1, 1, 1, 1, 2, 2, 2])
    }
}
