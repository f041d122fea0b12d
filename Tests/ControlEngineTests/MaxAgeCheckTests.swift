import EvidenceModel
import Foundation
import Testing

@testable import ControlEngine

struct MaxAgeCheckTests {
    let check = MaxAgeCheck(field: "rotation.last", max: EvidenceDuration(days: 90))

    private func judge(_ data: [String: JSONValue]) -> CheckVerdict {
        check.judge([Fixture.record("key", "key:k1", data)], at: Fixture.now)
    }

    private func rotated(_ daysAgo: Double) -> [String: JSONValue] {
        ["rotation": ["last": .string(Timestamp.format(Fixture.daysAgo(daysAgo)))]]
    }

    @Test(arguments: [0.0, 12, 90])
    func aTimestampWithinMaxAgePasses(daysAgo: Double) {
        #expect(judge(rotated(daysAgo)).status == .pass)
    }

    @Test func aTimestampOlderThanMaxAgeFailsNamingTheAge() {
        #expect(judge(rotated(212)) == .fail("rotation.last 212 days old (max 90d)"))
    }

    @Test func aMissingFieldFails() {
        #expect(judge([:]) == .fail("rotation.last is missing"))
    }

    @Test func anUnparseableFieldFails() {
        #expect(judge(["rotation": ["last": "last tuesday"]]) == .fail("rotation.last is \"last tuesday\", not a timestamp"))
    }

    @Test func unixSecondsAreReadAsAnInstant() {
        let seconds = Fixture.daysAgo(100).timeIntervalSince1970
        #expect(judge(["rotation": ["last": .number(seconds)]]).status == .fail)
    }

    @Test func aCollectionFailsWhenOneRecordFailsAndNamesIt() {
        var fresh = rotated(1)
        fresh["Name"] = "a"
        var old = rotated(200)
        old["Name"] = "b"
        let records = [Fixture.record("key", "key:k1", fresh), Fixture.record("key", "key:k1", old)]
        #expect(check.judge(records, at: Fixture.now) == .fail("1 of 2 records: b: rotation.last 200 days old (max 90d)"))
    }
}
