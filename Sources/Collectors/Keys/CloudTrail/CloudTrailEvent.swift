import EvidenceModel
import Foundation

/// One CloudTrail record Vigil keeps, normalized: who did what to which key or access key, when
/// (``KeyEventEvidence`` holds its fields).
struct CloudTrailEvent {
    let subject: String
    let time: Date
    var evidence: KeyEventEvidence

    /// Nil for records Vigil does not keep (other events, failed calls, insight records).
    init?(_ entry: JSONNode) throws(CollectionFailure) {
        guard let name = try entry.optionalString("eventName"),
            CloudTrailCollector.keyEvents.contains(name) || CloudTrailCollector.credentialEvents.contains(name)
        else { return nil }
        let source = try entry.optionalString("eventSource") ?? ""
        let isKMS = source == "kms.amazonaws.com"
        guard isKMS || source == "iam.amazonaws.com", entry.member("errorCode") == nil else { return nil }
        if isKMS != CloudTrailCollector.keyEvents.contains(name) { return nil }

        time = try entry.required("eventTime").timestamp()
        let identity = entry.member("userIdentity")
        let invokedBy = try identity?.optionalString("invokedBy")
        let actor = try identity?.optionalString("arn") ?? invokedBy ?? "unknown"
        evidence = KeyEventEvidence(
            kind: isKMS ? EvidenceKind.keyEvent : EvidenceKind.credentialEvent, eventName: name, eventTime: time,
            eventSource: source, actor: actor, native: try entry.object())
        evidence.eventType = try entry.optionalString("eventType")
        evidence.region = try entry.optionalString("awsRegion")
        let callerAccount = try identity?.optionalString("accountId")
        let account = try entry.optionalString("recipientAccountId") ?? callerAccount ?? ""

        if isKMS {
            let arn = try Self.keyARN(entry, account: account)
            subject = "key:" + arn
            evidence.keyID = AWSKMSResponses.keyID(arn)
            try addKeyDetails(name, entry)
        } else {
            let request = entry.member("requestParameters")
            let created = entry.member("responseElements")?.member("accessKey")
            let keyNode = try created?.member("accessKeyId") != nil ? created?.member("accessKeyId") : request?.required("accessKeyId")
            guard let keyNode else { throw entry.failure("\(name) names no access key (requestParameters.accessKeyId)") }
            let accessKey = try keyNode.nonEmptyString()
            let names = [
                try request?.optionalString("userName"), try created?.optionalString("userName"),
                try identity?.optionalString("userName"),
            ]
            let userName = names.compactMap { $0 }.first
            let callerARN = try identity?.optionalString("arn")
            let userARN = userName.map { "arn:aws:iam::\(account):user/\($0)" } ?? callerARN ?? "unknown"
            subject = "credential:\(userARN)#\(accessKey)"
            evidence.accessKeyID = accessKey
            evidence.userName = userName
            let createdStatus = try created?.optionalString("status")
            let status = try request?.optionalString("status") ?? createdStatus
            evidence.status = status
        }
        if let problem = Subject.problem(with: subject) { throw entry.failure(problem) }
    }

    private mutating func addKeyDetails(_ name: String, _ entry: JSONNode) throws(CollectionFailure) {
        let request = entry.member("requestParameters")
        switch name {
        case "RotateKey":
            let type = try entry.member("serviceEventDetails")?.optionalString("rotationType") ?? "AUTOMATIC"
            evidence.rotationType = type
        case "RotateKeyOnDemand":
            evidence.rotationType = "ON_DEMAND"
        case "EnableKeyRotation":
            if let days = request?.member("rotationPeriodInDays") {
                evidence.rotationPeriodDays = try PlatformDuration.days(days) / 86_400
            }
        case "ScheduleKeyDeletion":
            // CloudTrail writes this date Java-style ("Aug 10, 2022, 10:38:27 PM"): kept as written.
            let response = entry.member("responseElements")
            evidence.deletionDate = response?.member("deletionDate")?.value
            evidence.pendingWindowDays =
                response?.member("pendingWindowInDays")?.value
                ?? request?.member("pendingWindowInDays")?.value
        default:
            break
        }
    }

    /// The key's ARN: `resources[]`, the `CreateKey` response, or built from a key id and the region.
    private static func keyARN(_ entry: JSONNode, account: String) throws(CollectionFailure) -> String {
        for resource in try entry.member("resources")?.elements() ?? [] {
            if try resource.optionalString("type") == "AWS::KMS::Key", let arn = try resource.optionalString("ARN") {
                return arn
            }
        }
        if let arn = try entry.member("responseElements")?.member("keyMetadata")?.optionalString("arn") { return arn }
        let serviceKeyID = try entry.member("serviceEventDetails")?.optionalString("keyId")
        let id = try entry.member("requestParameters")?.optionalString("keyId") ?? serviceKeyID
        guard let id, !id.isEmpty else {
            throw entry.failure("KMS event names no key (resources[].ARN, requestParameters.keyId or serviceEventDetails.keyId)")
        }
        if id.hasPrefix("arn:") { return id }
        guard let region = try entry.optionalString("awsRegion"), !account.isEmpty else {
            throw entry.failure("key id '\(id)' without awsRegion and recipientAccountId to build its ARN")
        }
        return "arn:aws:kms:\(region):\(account):key/\(id)"
    }
}
