import EvidenceModel

/// A collector whose records may join responses spread over several inputs of one run.
///
/// `aws kms describe-key`, `get-key-rotation-status` and `list-key-rotations` are three commands:
/// scripts often write them to three files of a folder. A merging collector sees every input of a
/// run together and still rejects inputs one by one, so one bad file never costs the others.
public protocol MergingCollector: EvidenceCollector {
    /// One outcome per input, in order: the records whose `source` is that input (an input that only
    /// contributed to another input's records has none), or why that input was rejected.
    func records(merging inputs: [CollectorInput]) -> [Result<[EvidenceRecord], CollectionFailure>]
}

extension MergingCollector {
    /// A single input is a run of one.
    public func records(from input: CollectorInput) throws(CollectionFailure) -> [EvidenceRecord] {
        switch records(merging: [input])[0] {
        case .success(let records): return records
        case .failure(let failure): throw failure
        }
    }
}
