import EvidenceModel
import Foundation
import Testing

@testable import ControlEngine

/// `key` records in the common schema (``KeyEvidence``).
enum KeyFixture {
    static func key(
        rotatedDaysAgo: Double?, createdDaysAgo: Double = 400, rotationEnabled: Bool? = true, periodDays: Double? = 90,
        extra: [String: JSONValue] = [:]
    ) -> EvidenceRecord {
        let created = Timestamp.format(Fixture.daysAgo(createdDaysAgo))
        var material: [JSONValue] = [["created_at": .string(created), "origin": "creation"]]
        if let rotatedDaysAgo {
            material.append(["created_at": .string(Timestamp.format(Fixture.daysAgo(rotatedDaysAgo))), "origin": "AUTOMATIC"])
        }
        var data: [String: JSONValue] = [
            "platform": "aws-kms", "name": "orders", "key_id": "k1", "algorithm": "AES", "key_spec": "SYMMETRIC_DEFAULT",
            "key_size": 256, "key_class": "symmetric", "pq_readiness": "post-quantum", "enabled": true, "state": "Enabled",
            "managed_by": "customer", "created_at": .string(created), "can_rotate": true, "key_material": .array(material),
            "current_material_created_at": material.last?["created_at"] ?? .null, "rotation_history": "complete",
        ]
        data["rotation_enabled"] = rotationEnabled.map(JSONValue.bool)
        data["rotation_period_seconds"] = periodDays.map { .number($0 * 86_400) }
        data.merge(extra) { _, new in new }
        return Fixture.record("key", "key:arn:aws:kms:us-east-1:1:key/k1", data)
    }

    static func event(_ name: String, _ extra: [String: JSONValue] = [:]) -> EvidenceRecord {
        var data: [String: JSONValue] = [
            "event_name": .string(name), "event_time": "2026-11-01T10:00:00Z",
            "actor": "arn:aws:iam::1:user/alice",
        ]
        data.merge(extra) { _, new in new }
        return Fixture.record("key.event", "key:arn:aws:kms:us-east-1:1:key/k1", at: Fixture.daysAgo(19), data)
    }
}

struct KeyRotationCheckTests {
    let check = KeyRotationCheck(maxAge: EvidenceDuration(days: 90))

    private func verdict(_ record: EvidenceRecord) -> CheckVerdict { check.judge([record], at: Fixture.now) }

    @Test func recentRotationWithinPeriodPasses() {
        #expect(verdict(KeyFixture.key(rotatedDaysAgo: 12.34)) == .pass("last rotation 12.3 days ago, period 90d ≤ max 90d"))
    }

    @Test func periodLongerThanMaxFailsEvenWhenRotationIsEnabled() {
        let result = verdict(KeyFixture.key(rotatedDaysAgo: 287.9, periodDays: 365))
        #expect(result == .fail("last rotation 287.9 days ago, period 365d > max 90d"))
    }

    @Test func overdueRotationFailsFromTheHistoryNotTheFlag() {
        let result = verdict(KeyFixture.key(rotatedDaysAgo: 95.25))
        #expect(result == .fail("last rotation 95.2 days ago > max 90d (rotation overdue), period 90d ≤ max 90d"))
    }

    @Test func neverRotatedKeySaysSo() {
        let result = verdict(KeyFixture.key(rotatedDaysAgo: nil, createdDaysAgo: 120, extra: ["rotation_history": "creation-only"]))
        #expect(result.status == .fail)
        #expect(result.reason.hasPrefix("never rotated: created 120.0 days ago (no rotation history collected) > max 90d"))
    }

    @Test func disabledRotationFailsEvenWithYoungMaterial() {
        let result = verdict(KeyFixture.key(rotatedDaysAgo: 10, rotationEnabled: false, periodDays: nil))
        #expect(result == .fail("automatic rotation disabled; last rotation 10.0 days ago ≤ max 90d"))
    }

    @Test func keysThePlatformCannotRotateAreNotApplicableWithTheirAge() {
        let key = KeyFixture.key(
            rotatedDaysAgo: nil, createdDaysAgo: 636.4, rotationEnabled: nil,
            extra: [
                "can_rotate": false, "cannot_rotate_reason": "AWS KMS cannot rotate RSA_4096 keys (only symmetric encryption keys)",
            ])
        #expect(
            verdict(key)
                == .notApplicable(
                    "AWS KMS cannot rotate RSA_4096 keys (only symmetric encryption keys); key material 636.4 days old"))
    }

    @Test func providerManagedDisabledAndDeletedKeysAreNotApplicable() {
        #expect(verdict(KeyFixture.key(rotatedDaysAgo: 1, extra: ["managed_by": "provider"])).status == .notApplicable)
        #expect(verdict(KeyFixture.key(rotatedDaysAgo: 1, extra: ["enabled": false, "state": "Disabled"])).status == .notApplicable)
        let deleting = verdict(
            KeyFixture.key(
                rotatedDaysAgo: 1,
                extra: [
                    "state": "PendingDeletion", "deletion_scheduled_at": "2026-12-05T00:00:00Z",
                ]))
        #expect(deleting.status == .notApplicable)
        #expect(deleting.reason.hasPrefix("key pending deletion for 2026-12-05"))
    }

    @Test func uncollectedRotationSettingIsAnError() {
        let result = verdict(KeyFixture.key(rotatedDaysAgo: nil, createdDaysAgo: 10, rotationEnabled: nil, periodDays: nil))
        #expect(result.status == .error)
        #expect(result.reason.contains("no get-key-rotation-status response"))
        #expect(verdict(Fixture.record("key", "key:x", ["name": "x"])).status == .error)
    }

    /// What the check says it never reads (the providers' responses, the joined inputs) changes no
    /// verdict: each record is judged as read with only its other members, as a check reads them.
    @Test func theMembersLeftOutChangeNoVerdict() throws {
        let native: JSONValue = ["RotationStatus": ["KeyRotationEnabled": false], "KeyMetadata": ["KeyState": "Disabled"]]
        let mergedFrom: JSONValue = [["name": "get-key-rotation-status.json", "sha256": .string(String(repeating: "a", count: 64))]]
        let records = [
            KeyFixture.key(rotatedDaysAgo: 10), KeyFixture.key(rotatedDaysAgo: 200), KeyFixture.key(rotatedDaysAgo: nil),
            KeyFixture.key(rotatedDaysAgo: 10, rotationEnabled: false), KeyFixture.key(rotatedDaysAgo: 10, periodDays: 400),
            KeyFixture.key(rotatedDaysAgo: nil, createdDaysAgo: 10, rotationEnabled: nil, periodDays: nil),
            KeyFixture.key(rotatedDaysAgo: 1, extra: ["managed_by": "provider"]),
            KeyFixture.key(rotatedDaysAgo: 1, extra: ["can_rotate": false, "cannot_rotate_reason": "asymmetric"]),
            KeyFixture.key(rotatedDaysAgo: 1, extra: ["state": "PendingDeletion", "deletion_scheduled_at": "2026-12-05T00:00:00Z"]),
            KeyFixture.event("RotateKey", ["rotation_type": "AUTOMATIC"]), KeyFixture.event("DisableKeyRotation"),
            KeyFixture.event("EnableKeyRotation", ["rotation_period_days": 90]),
        ]
        let members = try #require(check.dataMembers)
        for record in records {
            var full = record.data
            full["native"] = native
            full["merged_from"] = mergedFrom
            let whole = EvidenceRecord(
                kind: record.kind, subject: record.subject, observedAt: record.observedAt, collector: record.collector,
                origin: record.origin, source: record.source, data: full)
            let read = try EvidenceRecord(canonicalData: whole.canonicalData, id: whole.id, keepingData: members)
            #expect(read.data["native"] == nil && read.data.count == full.count - 2)
            #expect(check.judge([read], at: Fixture.now) == check.judge([whole], at: Fixture.now), "\(record.data)")
        }
    }

    @Test func rotationEventsAreJudgedOneByOne() {
        #expect(
            verdict(KeyFixture.event("RotateKey", ["rotation_type": "AUTOMATIC"]))
                == .pass("key material rotated (AUTOMATIC) at 2026-11-01T10:00:00Z"))
        #expect(
            verdict(KeyFixture.event("DisableKeyRotation"))
                == .fail("automatic rotation disabled at 2026-11-01T10:00:00Z by arn:aws:iam::1:user/alice"))
        #expect(verdict(KeyFixture.event("EnableKeyRotation")).reason.hasSuffix("period 365d > max 90d"))
        #expect(verdict(KeyFixture.event("EnableKeyRotation", ["rotation_period_days": 90])).status == .pass)
        #expect(verdict(KeyFixture.event("ScheduleKeyDeletion")).status == .notApplicable)
    }

    @Test func aDisableEventInTheWindowFailsTheKeyDespiteAPassingState() throws {
        let control = Fixture.control(
            """
            - id: KM-01
              title: Keys rotate
              description: d
              severity: high
              frameworks: {iso27001-2022: [A.8.24]}
              evidence: [key, key.event]
              check: {type: key_rotation, max_age: 90d}
            """)
        let records = [KeyFixture.key(rotatedDaysAgo: 5), KeyFixture.event("DisableKeyRotation")]
        let result = Evaluator(controls: [control]).evaluate(records: records, at: Fixture.now, checkpoint: nil)
        let subject = try #require(result.controls.first?.results.first)
        #expect(subject.status == .fail)
        #expect(subject.reason.contains("automatic rotation disabled at 2026-11-01T10:00:00Z"))
    }

    @Test func maxAgeIsRequired() {
        var parameters = CheckParameters(["type": "key_rotation"])
        #expect(KeyRotationCheck(parameters: &parameters) == nil)
        #expect(parameters.problems.first?.field == "check.max_age")
    }

    /// A stored record is never trusted to hold a number an Int can: such a period is judged, not trapped on.
    @Test func aPeriodBeyondAnyWholeCountIsJudgedAndWrittenAsStored() {
        let result = verdict(KeyFixture.key(rotatedDaysAgo: 12.34, extra: ["rotation_period_seconds": 1e300]))
        #expect(result == .fail("last rotation 12.3 days ago, period 1e+300s > max 90d"))
        let event = check.judge([KeyFixture.event("EnableKeyRotation", ["rotation_period_days": 1e300])], at: Fixture.now)
        #expect(event.status == .fail)
    }

    @Test func agesBeyondAnyWholeCountAreWrittenAsStored() {
        #expect((1e300 as TimeInterval).humanAge == "1.1574074074074075e+295 days")
        #expect(TimeInterval.nan.humanAge.hasSuffix("minutes"))
    }
}
