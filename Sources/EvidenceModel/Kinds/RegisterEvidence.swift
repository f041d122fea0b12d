import Foundation

/// The `register` kind, the one model of its record's data: one collection of a register file (a
/// risk register, an asset inventory, a POA&M, an InSpec report's waivers), which makes the file one
/// document whose newest collection says which entries are in force (README, "Registers are documents").
public struct RegisterEvidence: Sendable, Hashable {
    /// The kind of the entries collected with it (`risk.acceptance`, `asset`).
    public let entryKind: String
    /// How many entries that collection listed (0: it withdraws every earlier one).
    public let entries: Int

    public init(entryKind: String, entries: Int) {
        self.entryKind = entryKind
        self.entries = entries
    }

    public var data: [String: JSONValue] {
        ["entry_kind": .string(entryKind), "entries": .number(Double(entries))]
    }

    /// Reads a `register` record back.
    /// - Throws: when the record is of another kind or names no entry kind.
    public init(record: EvidenceRecord) throws(EvidenceRecord.DecodingFailure) {
        try KindField.require(record, is: EvidenceKind.register)
        guard let entryKind = KindField.text(record.data["entry_kind"]) else {
            throw .invalid(field: "data.entry_kind", reason: "missing")
        }
        self.init(entryKind: entryKind, entries: KindField.integer(record.data["entries"]) ?? 0)
    }
}
