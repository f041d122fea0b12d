import EvidenceModel
import Foundation

/// The values a run's join holds of each response and key (``AWSKMSResponses``).
extension AWSKMSResponses {
    /// A response, where to read it again, and the position of the input it came from (which
    /// names its file: a run holds 300k of these).
    struct Placed {
        let held: HeldJSON
        let path: String
        let input: Int

        /// - Throws: when the input's file no longer holds the bytes read before.
        func node(in inputs: [CollectorInput]) throws(CollectionFailure) -> JSONNode {
            JSONNode(value: try held.value(in: inputs[input]), path: path, file: inputs[input].fileName)
        }
    }

    /// One response, read and checked on its own.
    enum Response {
        /// `describe-key`: the key's metadata is its `KeyMetadata`.
        case description(id: KMSKeyID, Placed)
        case rotationStatus(id: KMSKeyID, Placed)
        /// `list-key-rotations`: the key id of each entry of `Rotations`, in order, and whether the
        /// list is a page that another continues (nil when `Truncated` does not read: that is a fault
        /// only when another list names the same key), and its entries when it names more than one key.
        case rotationList(Placed, keyIDs: [KMSKeyID], isTruncated: Bool?, entries: SharedEntries?)
        /// A `list-key-rotations` response whose `count` entries all name key `id` (AWS lists one key
        /// a response): no array of the same id again. 400k keys' lists held 79 MB of those arrays
        /// at the peak of a collect.
        case rotationListOfOneKey(Placed, id: KMSKeyID, count: Int32, isTruncated: Bool?)

        var isDescription: Bool {
            if case .description = self { return true }
            return false
        }
    }

    /// The entries of a `list-key-rotations` response that names several keys, parsed once and
    /// shared by their runs: reading the whole list again for each key it names was quadratic (one
    /// list of 8,000 keys took 79 s). AWS lists one key per response, so this is a script's shape.
    struct SharedEntries {
        let nodes: [JSONNode]
    }

    /// Entries of one `list-key-rotations` response that list one key, one after another (a run of
    /// them, not one value each: a key has ~4 rotations, and 100k keys' entries held their list's
    /// place each).
    struct Rotations {
        let list: Placed
        var positions: Range<Int>
        /// Whether the list is a page that another continues (``Response/rotationList(_:keyIDs:isTruncated:entries:)``).
        let isTruncated: Bool?
        /// The list's entries, when it names more than one key.
        let shared: SharedEntries?

        /// Its entries, read again from the list unless they are shared.
        func entries(in inputs: [CollectorInput]) throws(CollectionFailure) -> ArraySlice<JSONNode> {
            if let shared { return shared.nodes[positions] }
            return try list.node(in: inputs).required("Rotations").elements()[positions]
        }
    }

    /// A key checked to make a record: its responses, the input holding its describe-key response
    /// (``describedIn``), and every input that added to it.
    struct Key {
        let id: KMSKeyID
        let metadata: Placed
        let status: Placed?
        let rotations: [Rotations]
        /// Whether its rotations were listed (`rotation_history`).
        let isHistoryComplete: Bool

        var describedIn: Int { metadata.input }

        /// Every input that added to it.
        var contributors: Set<Int> {
            var inputs: Set<Int> = [metadata.input]
            if let status { inputs.insert(status.input) }
            for run in rotations { inputs.insert(run.list.input) }
            return inputs
        }
    }
}

extension AWSKMSResponses.Key {
    /// The key's ARN and record, read again from its responses in `inputs` (the run's).
    /// - Throws: only when an input's file changed since it was read (each response read then).
    func record(in inputs: [CollectorInput]) throws(CollectionFailure) -> (arn: String, record: KeyEvidence) {
        var rotationNodes: [JSONNode] = []
        for run in rotations { rotationNodes += try run.entries(in: inputs) }
        return try AWSKMSKeyReading.key(
            id: id.description, metadata: try metadata.node(in: inputs).required("KeyMetadata"), status: status?.node(in: inputs),
            rotations: rotationNodes, isHistoryComplete: isHistoryComplete)
    }
}

extension [AWSKMSResponses.Rotations] {
    /// Adds entry `position` of `list`, extending the last run when it is the entry before.
    mutating func add(_ position: Int, of list: AWSKMSResponses.Placed, isTruncated: Bool?, shared: AWSKMSResponses.SharedEntries?) {
        if let last = indices.last, self[last].positions.upperBound == position, self[last].list.input == list.input,
            self[last].list.path == list.path
        {
            self[last].positions = self[last].positions.lowerBound..<(position + 1)
        } else {
            append(AWSKMSResponses.Rotations(list: list, positions: position..<(position + 1), isTruncated: isTruncated, shared: shared))
        }
    }
}
