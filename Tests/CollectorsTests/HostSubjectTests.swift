import EvidenceModel
import Foundation
import Testing

@testable import Collectors

/// The one host-subject rule every host collector (fwupd, fwupd-security, InSpec) names its subject by.
struct HostSubjectTests {
    private func input(_ fileName: String, subject: String? = nil) -> CollectorInput {
        CollectorHarness.input(Data(), fileName: fileName, subject: subject)
    }

    @Test func theFileNameUpToItsFirstDotNamesTheHostUnlessSubjectDoes() throws {
        #expect(try input("inventories/web-01.devices.json").hostSubject() == "host:web-01")
        #expect(try input("web-01.devices.json", subject: "host:db-2").hostSubject() == "host:db-2")
    }

    @Test func aSubjectThatIsNoHostOrAFileNameThatNamesNoneIsRefused() {
        #expect(
            throws: CollectionFailure(
                file: "k.json", location: "subject",
                reason: "InSpec reports are about hosts: expected 'host:NAME', got 'key:x'")
        ) {
            try input("k.json", subject: "key:x").hostSubject("InSpec reports")
        }
        #expect(
            throws: CollectionFailure(
                file: ".json", location: "subject",
                reason: "cannot name the host from file name '.json'; pass --subject host:NAME")
        ) {
            try input(".json").hostSubject()
        }
    }
}
