import EvidenceModel
import Foundation

/// Reads `aws kms describe-key`, `get-key-rotation-status` and `list-key-rotations` JSON: one `key`
/// record per key, merged by `KeyId`, with the fields of ``KeyEvidence``.
///
/// A file holds one response, several written one after another, or a JSON array of them (inventory
/// scripts loop over all keys). The responses of one key may also be spread over several inputs of
/// a run (a folder with one file per command): they are joined by `KeyId`, the record's source is
/// the input with the `describe-key` response (it carries the ARN that names the subject), and
/// `merged_from` names the other inputs. The age of the current material is the newest
/// `RotationDate` of `list-key-rotations`, else the key's `CreationDate`. An empty
/// `{"Rotations": []}` names no key: it counts as "never rotated" only in a run describing one key.
public struct AWSKMSCollector: MergingCollector {
    public let name = "aws-kms"
    /// 100k keys' three responses were 163 MB held through a collect; an estate of a million did not fit `file_size`.
    public let readsFromFile = true

    public init() {}

    public func merge(_ inputs: [CollectorInput]) -> [Result<MergedRecords, CollectionFailure>] {
        var outcomes = [Result<MergedRecords, CollectionFailure>](repeating: .success(.none), count: inputs.count)
        // Joining may show an input's responses to be misplaced (a second describe-key of a key, in
        // its own file or one joined before): each input is joined whole or not at all, in order, so
        // the later of two duplicates is rejected, and its own duplicate blames a file as it would
        // joined alone. Rotations of a key no input describes are found once all are joined: those
        // inputs are rejected, with those left holding rotations of keys only they described, and
        // so on (``AWSKMSResponses/orphanFaults()``); the rest are joined again, once.
        var joining = Array(inputs.indices)
        while true {
            let joined = Self.join(joining, of: inputs, outcomes: &outcomes)
            let orphans = joined.orphanFaults()
            guard !orphans.isEmpty else {
                // Every key is checked here; its record is read from its responses only when taken,
                // so a run holds one batch of records, not all of them.
                let keys = joined.keys()
                var positionsByInput: [Int: [Int]] = [:]
                for position in 0..<keys.count { positionsByInput[keys.describedIn(position), default: []].append(position) }
                for (input, positions) in positionsByInput {
                    if case .success = outcomes[input] {
                        outcomes[input] = .success(Self.records(of: KeptUntilTaken(positions.lazy.map(keys.key)), inputs: inputs, collector: name))
                    }
                }
                return outcomes
            }
            for fault in orphans { outcomes[fault.input] = .failure(fault.failure) }
            // The inputs joined are read again from their files (an input may fail now: it
            // changed, and is rejected too).
            joining.removeAll { if case .failure = outcomes[$0] { true } else { false } }
        }
    }

    /// The responses of the inputs at `positions`, joined in order; an input that cannot be read or
    /// joined is rejected in `outcomes`.
    ///
    /// Each input is read a response at a time (never as one parsed tree) and each response checked
    /// alone; what is kept of a response is where it is, and the key ids it names. Inputs are read
    /// on every core, a few ahead of the one joined (reading the three responses of 100k keys one
    /// file after the other was a sixth of a collect, on the thread the store then waits for), and
    /// each input's responses are let go as they are joined, a page at a time.
    private static func join(
        _ positions: [Int], of inputs: [CollectorInput], outcomes: inout [Result<MergedRecords, CollectionFailure>]
    ) -> AWSKMSResponses {
        var joined = AWSKMSResponses(inputs: inputs)
        var reads = ReadAhead(count: positions.count) { position in
            Result { () throws(MisplacedResponse) in try Self.responses(in: inputs[positions[position]], positions[position]) }
        }
        for input in positions {
            guard let read = reads.next() else { preconditionFailure("fewer reads than inputs") }
            do throws(MisplacedResponse) {
                var responses = try read.get()
                try joined.add(input: &responses)
            } catch {
                outcomes[input] = .failure(error.failure)
            }
        }
        return joined
    }

    /// Each response of `input` (a document, or an element of an array document), read and checked.
    private static func responses(in input: CollectorInput, _ index: Int) throws(MisplacedResponse) -> AWSKMSResponses.ResponsePages {
        var responses = AWSKMSResponses.ResponsePages()
        var misplaced: MisplacedResponse?
        do throws(CollectionFailure) {
            try JSONDocuments.forEachValue(in: input) { (response, held) throws(CollectionFailure) in
                do throws(MisplacedResponse) { responses.append(try AWSKMSResponses.read(response, held: held, from: index)) } catch {
                    misplaced = error
                    throw error.failure
                }
            }
        } catch {
            // A syntax error later in the file wins over the response it refused (a whole parse's order).
            if let misplaced, misplaced.failure == error { throw misplaced }
            throw MisplacedResponse(input: index, failure: error)
        }
        return responses
    }

    /// The records of `keys`, each made when it is taken, each key let go once its record is.
    private static func records(of keys: KeptUntilTaken<AWSKMSResponses.Key>, inputs: [CollectorInput], collector name: String) -> MergedRecords {
        let make: MergedRecords.Maker = { (position: Int) throws(CollectionFailure) -> EvidenceRecord in
            try record(for: keys[position], inputs: inputs, collector: name)
        }
        return MergedRecords(count: keys.count, make: make, taken: keys.letGo(below:))
    }

    private static func record(
        for key: AWSKMSResponses.Key, inputs: [CollectorInput], collector name: String
    ) throws(CollectionFailure) -> EvidenceRecord {
        let describing = inputs[key.describedIn]
        var (arn, evidence) = try key.record(in: inputs)
        evidence.mergedFrom = key.contributors.subtracting([key.describedIn]).sorted().map { inputs[$0].source }
        return EvidenceRecord(
            kind: EvidenceKind.key, subject: "key:" + arn, observedAt: describing.observedAt,
            collector: name, origin: .observed, source: describing.source, data: evidence.data)
    }
}
