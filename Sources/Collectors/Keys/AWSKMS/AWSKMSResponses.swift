import EvidenceModel
import Foundation

/// A response that cannot be used, and the input (by its position in the run) that holds it.
struct MisplacedResponse: Error {
    let input: Int
    let failure: CollectionFailure
}

/// The three KMS responses of a run's inputs, gathered by key id before they become ``KeyEvidence``.
///
/// A response is held as its place (``HeldJSON``), not as its parsed tree: a run joining 100k keys'
/// responses held every tree until its last record was made (1.3 GiB). Each response was read
/// whole once, when its input was read (``read(_:held:from:)``), so a key's record read again
/// from its responses cannot fail.
struct AWSKMSResponses {
    /// One key's responses, as they are joined.
    struct Joined {
        let id: KMSKeyID
        var metadata: Placed?
        var status: Placed?
        /// Its entries of each `list-key-rotations` response that named it, in order: the last is
        /// the last list that named it.
        var rotations: [Rotations] = []
    }

    /// The keys of a run, checked, in the order described; each becomes a ``Key`` when its record
    /// is made. One value a key: 400k keys joined in dictionaries by id (each id held three times)
    /// were 460 MB, and a closure a key holding its ``Key`` as much again.
    struct JoinedKeys {
        fileprivate let joined: [Joined]
        /// Numbers in `joined` of the keys described, in the order given.
        fileprivate let described: [Int]
        /// `{"Rotations": []}` names no key: it is the history of the only key of a run describing one.
        fileprivate let isUnlistedHistoryComplete: Bool

        var count: Int { described.count }

        /// The input that describes the key at `position`.
        func describedIn(_ position: Int) -> Int { joined[described[position]].metadata?.input ?? 0 }

        func key(_ position: Int) -> Key {
            let key = joined[described[position]]
            guard let metadata = key.metadata else { preconditionFailure("a key described without its description") }
            return Key(
                id: key.id, metadata: metadata, status: key.status, rotations: key.rotations,
                isHistoryComplete: !key.rotations.isEmpty || isUnlistedHistoryComplete)
        }
    }

    /// Each key id's number in `joined`, in the order first named: the only copy of the id besides
    /// its `Joined`, and let go with the join.
    private var numbers: [KMSKeyID: Int] = [:]
    private var joined: [Joined] = []
    private var described: [Int] = []
    /// `list-key-rotations` of a never-rotated key is `{"Rotations": []}`, which names no key.
    private var sawEmptyRotationList = false
    /// What adding the input being added changed in keys numbered before it, to take back should
    /// one of its responses be misplaced (``add(input:)``); keys it numbered are simply dropped.
    private var undo: [Undo] = []

    /// One change to a key numbered before the input being added: its only response of a command
    /// set (none was there, or it would be a duplicate), or its rotations extended.
    private enum Undo {
        case metadata(key: Int32)
        case status(key: Int32)
        /// Its runs before (`runs`), the last of them ending at `end`.
        case rotations(key: Int32, runs: Int32, end: Int32)
    }

    /// Makes the tables large enough at once for `more` keys described, rather than doubling them as
    /// they fill (at 400k keys the join's array was copied into one twice its size at its peak).
    private mutating func reserve(describing more: Int) {
        guard described.count + more > described.capacity else { return }
        numbers.reserveCapacity(numbers.count + more)
        joined.reserveCapacity(joined.count + more)
        described.reserveCapacity(described.count + more)
    }

    /// The number of the key `id`, numbering it if it is new.
    private mutating func number(_ id: KMSKeyID) -> Int {
        if let number = numbers[id] { return number }
        numbers[id] = joined.count
        joined.append(Joined(id: id))
        return joined.count - 1
    }

    /// The run's inputs, which the responses point into.
    private let inputs: [CollectorInput]

    init(inputs: [CollectorInput]) {
        self.inputs = inputs
    }

    private func failure(of placed: Placed, at path: String, _ reason: String) -> CollectionFailure {
        CollectionFailure(file: inputs[placed.input].fileName, location: path, reason: reason)
    }

    /// `arn:aws:kms:…:key/ID` and `ID` name the same key.
    static func keyID(_ text: String) -> String {
        guard text.hasPrefix("arn:"), let slash = text.lastIndex(of: "/") else { return text }
        return String(text[text.index(after: slash)...])
    }

    /// Reads one response of input `input` and checks every field its key's record will read.
    static func read(_ response: JSONNode, held: HeldJSON, from input: Int) throws(MisplacedResponse) -> Response {
        do throws(CollectionFailure) {
            let placed = Placed(held: held, path: response.path, input: input)
            let object = try response.object()
            if let keyMetadata = response.member("KeyMetadata") {
                let id = try keyMetadata.required("KeyId").nonEmptyString()
                _ = try AWSKMSKeyReading.key(id: id, metadata: keyMetadata, status: nil, rotations: [], isHistoryComplete: false)
                return .description(id: KMSKeyID(id), placed)
            } else if object["KeyRotationEnabled"] != nil {
                let id = Self.keyID(try response.required("KeyId").nonEmptyString())
                _ = try AWSKMSKeyReading.rotationStatus(response)
                return .rotationStatus(id: KMSKeyID(id), placed)
            } else if let list = response.member("Rotations") {
                // The one key every entry names so far, and how many; each entry's id once they differ.
                var one: (id: KMSKeyID, count: Int32)?
                var ids: [KMSKeyID] = []
                let entries = try list.elements()
                for rotation in entries {
                    let id = KMSKeyID(Self.keyID(try rotation.required("KeyId").nonEmptyString()))
                    _ = try AWSKMSKeyReading.material(rotation)
                    if !ids.isEmpty {
                        ids.append(id)
                    } else if let named = one, named.id != id {
                        ids = Array(repeating: named.id, count: Int(named.count)) + [id]
                    } else {
                        one = (id, (one?.count ?? 0) + 1)
                    }
                }
                // nil when `Truncated` does not read (a fault only if another list names the key); absent, false.
                let isTruncated: Bool?
                do throws(CollectionFailure) { isTruncated = try response.optionalBool("Truncated") ?? false } catch { isTruncated = nil }
                if ids.isEmpty, let one { return .rotationListOfOneKey(placed, id: one.id, count: one.count, isTruncated: isTruncated) }
                return .rotationList(placed, keyIDs: ids, isTruncated: isTruncated, entries: ids.isEmpty ? nil : SharedEntries(nodes: entries))
            } else {
                let known = "KeyMetadata (describe-key), KeyRotationEnabled (get-key-rotation-status) or Rotations (list-key-rotations)"
                throw response.failure(
                    "not an AWS KMS response: expected \(known), found keys "
                        + object.keys.sorted().joined(separator: ", "))
            }
        } catch {
            throw MisplacedResponse(input: input, failure: error)
        }
    }

    /// Adds every response of one input, or none: should one be misplaced (a duplicate of a
    /// response of this input or of one added before), what the others added is taken back, and
    /// the fault thrown. Inputs added in order, each kept or rejected as it comes, are what joining
    /// them all and rejecting the first faulty one, again and again, keeps: without a join again per
    /// rejected input (the same folder of 1,500 files collected twice: 69 s).
    /// Its responses are let go as they are added, whether the input is kept or not.
    mutating func add(input responses: inout ResponsePages) throws(MisplacedResponse) {
        let (keys, descriptions, sawEmpty) = (joined.count, described.count, sawEmptyRotationList)
        reserve(describing: responses.descriptions)
        undo = []
        defer { undo = [] }
        do {
            try responses.consume { response throws(MisplacedResponse) in try add(response, numberedBefore: keys) }
        } catch {
            for change in undo.reversed() {
                switch change {
                case .metadata(let key): joined[Int(key)].metadata = nil
                case .status(let key): joined[Int(key)].status = nil
                case .rotations(let key, let runs, let end):
                    joined[Int(key)].rotations.removeLast(joined[Int(key)].rotations.count - Int(runs))
                    if let last = joined[Int(key)].rotations.indices.last {
                        joined[Int(key)].rotations[last].positions = joined[Int(key)].rotations[last].positions.lowerBound..<Int(end)
                    }
                }
            }
            for key in joined[keys...] { numbers[key.id] = nil }
            joined.removeLast(joined.count - keys)
            described.removeLast(described.count - descriptions)
            sawEmptyRotationList = sawEmpty
            throw error
        }
    }

    /// Adds one response; `numberedBefore`: keys numbered before the input being added, whose
    /// changes are noted to be taken back.
    private mutating func add(_ response: Response, numberedBefore: Int) throws(MisplacedResponse) {
        switch response {
        case .description(let id, let placed):
            let key = number(id)
            if let earlier = joined[key].metadata {
                let at = JSONPath.child(placed.path, "KeyMetadata")
                throw duplicate("describe-key", id: id, at: at, of: placed, earlier: earlier, earlierAt: JSONPath.child(earlier.path, "KeyMetadata"))
            }
            if key < numberedBefore { undo.append(.metadata(key: Int32(key))) }
            joined[key].metadata = placed
            described.append(key)
        case .rotationStatus(let id, let placed):
            let key = number(id)
            if let earlier = joined[key].status {
                throw duplicate("get-key-rotation-status", id: id, at: placed.path, of: placed, earlier: earlier, earlierAt: earlier.path)
            }
            if key < numberedBefore { undo.append(.status(key: Int32(key))) }
            joined[key].status = placed
        case .rotationList(let placed, let ids, let isTruncated, let shared):
            try addRotations(of: placed, count: ids.count, isTruncated: isTruncated, shared: shared, numberedBefore: numberedBefore) { ids[$0] }
            if ids.isEmpty { sawEmptyRotationList = true }
        case .rotationListOfOneKey(let placed, let id, let count, let isTruncated):
            try addRotations(of: placed, count: Int(count), isTruncated: isTruncated, shared: nil, numberedBefore: numberedBefore) { _ in id }
        }
    }

    /// Adds the `count` entries of a `list-key-rotations` response, the entry at each position naming key `id(position)`.
    private mutating func addRotations(
        of placed: Placed, count: Int, isTruncated: Bool?, shared: SharedEntries?, numberedBefore: Int, id: (Int) -> KMSKeyID
    ) throws(MisplacedResponse) {
        var listedHere: Set<Int> = []
        let entries = JSONPath.child(placed.path, "Rotations")
        for position in 0..<count {
            let id = id(position)
            let key = number(id)
            let isFirstHere = listedHere.insert(key).inserted
            if isFirstHere, let earlier = joined[key].rotations.last {
                var continuesAPage = earlier.isTruncated ?? false
                if earlier.isTruncated == nil {
                    // Read again for its fault.
                    do throws(CollectionFailure) {
                        continuesAPage = try earlier.list.node(in: inputs).optionalBool("Truncated") ?? false
                    } catch {
                        throw MisplacedResponse(input: placed.input, failure: error)
                    }
                }
                if !continuesAPage {
                    throw duplicate(
                        "list-key-rotations", id: id, at: JSONPath.element(entries, position), of: placed,
                        earlier: earlier.list, earlierAt: earlier.list.path)
                }
            }
            // Once a list: its later entries of the key are taken back with the first.
            if isFirstHere, key < numberedBefore {
                let runs = joined[key].rotations
                undo.append(.rotations(key: Int32(key), runs: Int32(runs.count), end: Int32(runs.last?.positions.upperBound ?? 0)))
            }
            joined[key].rotations.add(position, of: placed, isTruncated: isTruncated, shared: shared)
        }
    }

    /// A second response of one command for one key: which one to believe cannot be told, so neither is.
    private func duplicate(
        _ command: String, id: KMSKeyID, at path: String, of placed: Placed, earlier: Placed, earlierAt earlierPath: String
    ) -> MisplacedResponse {
        let place = earlier.input == placed.input ? earlierPath : "\(earlierPath) of \(inputs[earlier.input].fileName)"
        return MisplacedResponse(
            input: placed.input, failure: failure(of: placed, at: path, "duplicate \(command) response for KeyId '\(id)' (also at \(place))"))
    }

    /// The inputs to reject for responses of keys that no input kept describes, each with the fault
    /// of the round that rejects it. A round rejects every input holding a rotation status of such a
    /// key (its fault naming the key whose id sorts first), or, when none does, every input holding
    /// the first rotation list naming such a key; rejecting an input takes its descriptions away,
    /// so the next round may find more.
    ///
    /// Every round at once, each looking only at what the last one changed: joining the run again
    /// per round was quadratic (a chain of 300 files, each with the status of the key the file
    /// before describes: 1.6 s; a round per file).
    func orphanFaults() -> [MisplacedResponse] {
        let missing = "without its describe-key response in this file or the run's other aws-kms inputs"
        var describedBy = [[Int]](repeating: [], count: inputs.count)
        var undescribed: [Int] = []
        for (key, joined) in joined.enumerated() {
            if let metadata = joined.metadata { describedBy[metadata.input].append(key) } else { undescribed.append(key) }
        }
        var rejected = [Bool](repeating: false, count: inputs.count)
        // Keys no kept input describes that a kept input lists, each with its first such list.
        var listed: [(key: Int, run: Int)] = []
        var faults: [MisplacedResponse] = []
        // Only keys that lost their description can hold a status not yet blamed: a round blames
        // every input holding the status of a key undescribed before it.
        var newlyUndescribed = undescribed
        while true {
            var round: [Int: (id: String, fault: MisplacedResponse)] = [:]
            // The fault of the key whose id sorts first, by its text.
            func note(_ id: String, input: Int, _ fault: @autoclosure () -> MisplacedResponse) {
                if let noted = round[input], noted.id <= id { return }
                round[input] = (id, fault())
            }
            for key in newlyUndescribed {
                if !joined[key].rotations.isEmpty { listed.append((key, 0)) }
                guard let status = joined[key].status, !rejected[status.input] else { continue }
                let id = joined[key].id
                note(
                    id.description, input: status.input,
                    MisplacedResponse(input: status.input, failure: failure(of: status, at: status.path, "rotation status for KeyId '\(id)' \(missing)")))
            }
            if round.isEmpty {
                listed = listed.compactMap { entry in
                    let runs = joined[entry.key].rotations
                    guard let run = runs[entry.run...].firstIndex(where: { !rejected[$0.list.input] }) else { return nil }
                    return (entry.key, run)
                }
                for (key, run) in listed {
                    let (id, first) = (joined[key].id, joined[key].rotations[run])
                    let at = JSONPath.element(JSONPath.child(first.list.path, "Rotations"), first.positions.lowerBound)
                    note(
                        id.description, input: first.list.input,
                        MisplacedResponse(input: first.list.input, failure: failure(of: first.list, at: at, "rotations of KeyId '\(id)' \(missing)")))
                }
            }
            guard !round.isEmpty else { return faults }
            newlyUndescribed = []
            for (input, noted) in round.sorted(by: { $0.key < $1.key }) {
                faults.append(noted.fault)
                rejected[input] = true
                newlyUndescribed += describedBy[input]
            }
        }
    }

    /// Every key described, once no response names a key that no input describes (``orphanFaults()``).
    func keys() -> JoinedKeys {
        JoinedKeys(joined: joined, described: described, isUnlistedHistoryComplete: sawEmptyRotationList && described.count == 1)
    }
}
