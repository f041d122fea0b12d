import EvidenceModel
import Foundation

/// A sample an auditor can recompute: it depends only on a signed checkpoint, the control id and
/// the population, never on a choice by the audited party.
///
/// Algorithm (documented in the README): for every item `s` of the population (the control's
/// subjects, as strings), compute `SHA-256(root ‖ 0x00 ‖ control id ‖ 0x00 ‖ s)` where `root` is
/// the checkpoint's 32-byte root hash; sort the items by that digest (bytes, ascending) and take
/// the first N.
public enum Sampling {
    public static func sample(population: [String], control: String, root: Data, count: Int) -> [String] {
        let keyed = Set(population).map { item -> (Data, String) in
            var input = root
            input.append(0)
            input.append(Data(control.utf8))
            input.append(0)
            input.append(Data(item.utf8))
            return (Data(SHA256Hex.of(input).utf8), item)
        }
        return keyed.sorted { $0.0.lexicographicallyPrecedes($1.0) }.prefix(max(0, count)).map(\.1)
    }
}
