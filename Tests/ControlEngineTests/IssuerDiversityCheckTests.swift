import EvidenceModel
import Foundation
import Testing

@testable import ControlEngine

/// `issuer_diversity` through the evaluator: its subjects are the domains certificates name.
struct IssuerDiversityCheckTests {
    typealias F = WebPKIFixture

    private func results(
        _ records: [EvidenceRecord], check: String = "{type: issuer_diversity, within: 90d}",
        extra: String = ""
    ) -> [String: SubjectResult] {
        let list = F.results(F.control(check, extra: extra), records)
        return Dictionary(uniqueKeysWithValues: list.map { ($0.subject, $0) })
    }

    @Test func domainsWithCertificatesFromTwoIssuersPassAndCiteBoth() throws {
        let a = F.certificate("a", names: ["shop.example", "WWW.shop.example"], issued: "2026-09-01T10:00:00Z")
        let b = F.certificate("b", names: ["shop.example"], issued: "2026-10-31T10:00:00Z", issuer: F.issuerB, aki: "77aa")
        let r = results([a, b])
        #expect(r.keys.sorted() == ["domain:shop.example", "domain:www.shop.example"])
        let shop = try #require(r["domain:shop.example"])
        #expect(shop.status == .pass)
        #expect(
            shop.reason == "2 distinct issuers within 90d, 2 required: "
                + "CN=Example Trust A1,O=Example Trust A,C=US [key 4cca…] (1 certificate); "
                + "CN=Example Trust B7,O=Example Trust B,C=US [key 77aa…] (1 certificate)")
        #expect(Set(shop.evidence) == [a.id, b.id])
        #expect(r["domain:www.shop.example"]?.status == .fail)
    }

    @Test func certificatesThatExpiredBeforeTheWindowDoNotCount() {
        let old = F.certificate("a", names: ["api.example"], issued: "2026-03-01T10:00:00Z", issuer: F.issuerB)
        let current = F.certificate("b", names: ["api.example"], issued: "2026-10-01T10:00:00Z")
        let r = results([old, current])["domain:api.example"]
        #expect(r?.status == .fail)
        #expect(r?.reason.hasPrefix("1 distinct issuer within 90d, 2 required") == true)
        #expect(r?.evidence == [current.id])
    }

    @Test func groupingByOrganizationMergesTwoIntermediatesOfOneCA() {
        let r10 = F.certificate(
            "a", names: ["x.example"], issued: "2026-09-01T10:00:00Z",
            issuer: "CN=R10,O=Let's Encrypt,C=US", aki: "bb")
        let r11 = F.certificate(
            "b", names: ["x.example"], issued: "2026-10-01T10:00:00Z",
            issuer: "CN=R11,O=Let's Encrypt,C=US", aki: "cc")
        #expect(results([r10, r11])["domain:x.example"]?.status == .pass)
        let byOrganization = results([r10, r11], check: "{type: issuer_diversity, within: 90d, group_by: organization}")
        #expect(
            byOrganization["domain:x.example"]?.reason
                == "1 distinct issuing organization within 90d, 2 required: Let's Encrypt (2 certificates)")
    }

    @Test func caCertificatesAndIPAddressesAreNotDomains() {
        let ca = F.certificate("ca", names: ["ca.example"], issued: "2026-09-01T10:00:00Z", isCA: true)
        let ip = F.certificate(
            "ip", names: ["192.0.2.7"], issued: "2026-09-01T10:00:00Z",
            extra: ["dns_names": .array([])])
        #expect(results([ca, ip]).isEmpty)
    }

    @Test func freshnessJudgesTheDomainsNewestCertificateObservation() {
        let a = F.certificate("a", names: ["old.example"], issued: "2026-09-01T10:00:00Z", observed: Fixture.daysAgo(40))
        let r = results([a], extra: "  freshness: 30d\n")["domain:old.example"]
        #expect(r?.status == .stale)
        #expect(r?.evidence == [a.id])
    }

    @Test func aScopedDomainWithoutCertificatesIsMissing() {
        let a = F.certificate("a", names: ["shop.example"], issued: "2026-09-01T10:00:00Z")
        let domains = [Fixture.asset("domain:shop.example", type: "domain"), Fixture.asset("domain:new.example", type: "domain")]
        let r = results([a] + domains, extra: "  scope: {kind: asset, type: domain}\n")
        #expect(r.keys.sorted() == ["domain:new.example", "domain:shop.example"])
        #expect(r["domain:new.example"]?.status == .missing)
        #expect(r["domain:shop.example"]?.status == .fail)
    }

    @Test func organizationIsReadFromTheIssuerDN() {
        #expect(IssuerDiversityCheck.organization(in: #"CN=X,O=Acme\, Inc.,C=US"#) == "Acme, Inc.")
        #expect(IssuerDiversityCheck.organization(in: "CN=X,C=US") == nil)
    }

    @Test func withinIsRequiredAndGroupByChecked() {
        var missing = CheckParameters(["group_by": "owner"])
        #expect(IssuerDiversityCheck(parameters: &missing) == nil)
        #expect(missing.problems.map(\.field) == ["check.within", "check.group_by"])
    }
}
