import Foundation

/// One subject's verdict under one control, with the numbers behind it.
public struct SubjectResult: Sendable, Hashable, Codable {
    public let subject: String
    public let status: Status
    public let reason: String
    /// Ids of the records behind the verdict.
    public var evidence: [String] { evidenceIDs.texts }
    /// The register id of the acceptance that covers an `accepted` result.
    public let acceptance: String?
    /// When the newest evidence behind the verdict was observed; nil when there is none (or it is unknown).
    public let observedAt: Date?
    /// The ids among `evidence` logged after the report's `as_of`: backfilled evidence a check at
    /// `as_of` could not have seen (an evaluation marks them as it judges each subject).
    public var late: [String] {
        get {
            switch lateIDs {
            case .none: []
            case .allOfEvidence: evidence
            case .some(let ids): ids.map(\.text)
            }
        }
        set {
            lateIDs = newValue.isEmpty ? .none : evidenceIDs.are(newValue) ? .allOfEvidence : .some(newValue.map(HexOrText.init))
        }
    }

    /// Where the late ids stand in `evidence`, in order, each after the last (one not found there
    /// after the last is left out): all of them, most often, known without comparing a text.
    public var latePlaces: [Int] {
        switch lateIDs {
        case .none: return []
        case .allOfEvidence: return Array(0..<evidenceIDs.count)
        case .some(let ids):
            let evidence = evidenceIDs.all
            var from = 0
            return ids.compactMap { id in
                guard let place = evidence[from...].firstIndex(of: id) else { return nil }
                from = place + 1
                return place
            }
        }
    }

    /// Marks the evidence at `places` as logged late: what setting ``late`` to those ids does, without
    /// reading the ids again (a re-check's memory keeps places, and parsing each id back from its
    /// text was a twentieth of a re-check).
    /// - Precondition: `places` increase, each a place in ``evidence``.
    public mutating func markLate(places: [Int]) {
        guard let last = places.last else {
            lateIDs = .none
            return
        }
        precondition(last < evidenceIDs.count, "a late place outside the evidence")
        guard places.count < evidenceIDs.count else {
            lateIDs = .allOfEvidence
            return
        }
        let all = evidenceIDs.all
        lateIDs = .some(places.map { all[$0] })
    }

    /// A check keeps every result until its report is written: each id a string of its own, in an
    /// array of its own, was ~160 bytes a result of a check of 400k keys.
    private let evidenceIDs: ResultIDs
    private var lateIDs = LateIDs.none

    /// Which of the evidence was logged late: a check of a past instant finds all of it late most
    /// often (an array of the same ids again was ~72 bytes a result, 29 MB of a check of 400k keys).
    private enum LateIDs: Hashable, Sendable {
        case none
        case allOfEvidence
        /// Some, not all: these.
        case some([HexOrText])
    }

    public init(
        subject: String, status: Status, reason: String, evidence: [String] = [], acceptance: String? = nil,
        observedAt: Date? = nil
    ) {
        self.subject = subject
        self.status = status
        self.reason = reason
        self.evidenceIDs = ResultIDs(evidence)
        self.acceptance = acceptance
        self.observedAt = observedAt
    }

    // The keys and forms the synthesized conformance had: `evidence` and `late` as lists of ids.
    private enum CodingKeys: String, CodingKey {
        case subject, status, reason, evidence, acceptance, observedAt, late
    }

    public init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            subject: try values.decode(String.self, forKey: .subject), status: try values.decode(Status.self, forKey: .status),
            reason: try values.decode(String.self, forKey: .reason), evidence: try values.decode([String].self, forKey: .evidence),
            acceptance: try values.decodeIfPresent(String.self, forKey: .acceptance),
            observedAt: try values.decodeIfPresent(Date.self, forKey: .observedAt))
        late = try values.decode([String].self, forKey: .late)
    }

    public func encode(to encoder: any Encoder) throws {
        var values = encoder.container(keyedBy: CodingKeys.self)
        try values.encode(subject, forKey: .subject)
        try values.encode(status, forKey: .status)
        try values.encode(reason, forKey: .reason)
        try values.encode(evidence, forKey: .evidence)
        try values.encodeIfPresent(acceptance, forKey: .acceptance)
        try values.encodeIfPresent(observedAt, forKey: .observedAt)
        try values.encode(late, forKey: .late)
    }
}

/// Record ids as a result keeps them: each in 32 bytes (``HexOrText``), the first without an array
/// (a result names one record most often).
private struct ResultIDs: Hashable, Sendable {
    private let first: HexOrText?
    private let rest: [HexOrText]

    init(_ ids: [String]) {
        first = ids.first.map(HexOrText.init)
        rest = ids.dropFirst().map(HexOrText.init)
    }

    var all: [HexOrText] { first.map { [$0] + rest } ?? [] }
    var count: Int { first == nil ? 0 : 1 + rest.count }

    var texts: [String] {
        guard let first else { return [] }
        return [first.text] + rest.map(\.text)
    }

    /// Whether these are `ids`, in order.
    func are(_ ids: [String]) -> Bool {
        guard let first else { return ids.isEmpty }
        return ids.count == 1 + rest.count && HexOrText(ids[0]) == first && zip(rest, ids.dropFirst()).allSatisfy { $0 == HexOrText($1) }
    }
}
