import EvidenceModel
import Foundation
import Testing

@testable import Collectors

/// Key ids are held as numbers when they are lower-case UUIDs; two ids are still equal exactly when
/// their texts are, and every id reads back as written.
struct KMSKeyIDTests {
    @Test(arguments: [
        "1234abcd-12ab-34cd-56ef-1234567890ab",  // AWS's documented example
        "00000000-0000-0000-0000-000000000000",
        "ffffffff-ffff-ffff-ffff-ffffffffffff",
        "1234ABCD-12AB-34CD-56EF-1234567890AB",  // upper case: held as text
        "mrk-1234abcd12ab34cd56ef1234567890ab",  // a multi-Region key
        "1234abcd-12ab-34cd-56ef-1234567890a",  // 35 characters
        "1234abcd-12ab-34cd-56ef-1234567890abc",  // 37
        "1234abcd-12ab-34cd-56ef_1234567890ab",  // a hyphen missing
        "1234abcd-12ab-34cd-56eg-1234567890ab",  // not hex
        "k1", "", "é234abcd-12ab-34cd-56ef-1234567890ab",  // not ASCII
    ])
    func anIdReadsBackAsWritten(_ text: String) {
        #expect(KMSKeyID(text).description == text)
        #expect(KMSKeyID(text) == KMSKeyID(String(decoding: Array(text.utf8), as: UTF8.self)))
    }

    @Test func idsAreEqualExactlyWhenTheirTextsAre() {
        let lower = "1234abcd-12ab-34cd-56ef-1234567890ab"
        let ids = [lower, lower.uppercased(), "1234abcd-12ab-34cd-56ef-1234567890ac", "k1", "K1"]
        for a in ids {
            for b in ids {
                #expect((KMSKeyID(a) == KMSKeyID(b)) == (a == b), "\(a) against \(b)")
                if a == b { #expect(KMSKeyID(a).hashValue == KMSKeyID(b).hashValue) }
            }
        }
        // A bridged string reads as the same id as a native one.
        #expect(KMSKeyID(NSString(string: lower) as String) == KMSKeyID(lower))
    }

    /// A key described in upper case is not the key a lower-case status names (they were never
    /// joined: ids are compared as written), and the fault quotes the status's id as written.
    @Test func anIdInAnotherCaseIsAnotherKey() throws {
        let upper = "1234ABCD-12AB-34CD-56EF-1234567890AB"
        let lower = upper.lowercased()
        let describe = AWSKMSMergeTests.describe.replacingOccurrences(of: "\"KeyId\": \"k1\"", with: "\"KeyId\": \"\(upper)\"")
            .replacingOccurrences(of: "key/k1", with: "key/\(upper)")
        let status = AWSKMSMergeTests.status.replacingOccurrences(of: "key/k1", with: "key/\(lower)")
        let outcomes = AWSKMSCollector().records(merging: [
            CollectorHarness.input(Data(describe.utf8), fileName: "describe.json"),
            CollectorHarness.input(Data(status.utf8), fileName: "status.json"),
        ])
        guard case .failure(let failure) = outcomes[1] else {
            Issue.record("the status of another key was joined: \(outcomes[1])")
            return
        }
        #expect(failure.reason.contains("rotation status for KeyId '\(lower)' without its describe-key response"))
        guard case .success(let records) = outcomes[0] else {
            Issue.record("the description was rejected: \(outcomes[0])")
            return
        }
        #expect(records.map(\.subject) == ["key:arn:aws:kms:eu-west-1:111122223333:key/\(upper)"])
    }
}
