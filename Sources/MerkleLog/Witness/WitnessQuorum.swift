/// A verifier's witness policy: a checkpoint counts only when at least `required` of the given
/// witness keys cosigned it, so a split view needs that many witnesses to collude.
public struct WitnessQuorum: Sendable, Hashable {
    public let witnesses: [NoteVerifierKey]
    public let required: Int

    /// - Throws: when `required` is negative or more than the witnesses given, or a key is no `cosignature/v1` key.
    public init(witnesses: [NoteVerifierKey], required: Int) throws(WitnessQuorumError) {
        if let key = witnesses.first(where: { $0.type != .cosignatureV1 }) { throw .notAWitnessKey(key.vkey) }
        let distinct = Set(witnesses.map(\.vkey)).count
        guard required >= 0, required <= distinct else { throw .impossible(required: required, given: distinct) }
        self.witnesses = witnesses
        self.required = required
    }

    /// Checks `note`'s cosignatures; lines of other signers are ignored (C2SP), a line that claims a
    /// listed witness but does not verify rejects the note.
    ///
    /// - Returns: the distinct witnesses whose cosignature verified.
    @discardableResult
    public func check(_ note: Note) throws(WitnessQuorumError) -> [VerifiedSignature] {
        guard required > 0 else { return [] }
        var verified: [VerifiedSignature]
        do { verified = try note.verify(trusting: witnesses) } catch .noTrustedSignature { verified = [] } catch {
            throw .invalidCosignature("\(error)")
        }
        var seen = Set<String>()
        verified = verified.filter { seen.insert($0.key.vkey).inserted }
        guard verified.count >= required else { throw .tooFew(valid: verified.count, required: required) }
        return verified
    }
}

/// Why a checkpoint did not meet the witness policy.
public enum WitnessQuorumError: Error, Sendable, Equatable, CustomStringConvertible {
    case notAWitnessKey(String)
    case impossible(required: Int, given: Int)
    case invalidCosignature(String)
    case tooFew(valid: Int, required: Int)

    public var description: String {
        switch self {
        case let .notAWitnessKey(vkey): "\(vkey) is not a witness key (cosignature/v1, type 0x04)"
        case let .impossible(required, given): "--witnesses-required \(required) cannot be met by \(given) distinct --witness keys"
        case let .invalidCosignature(reason): "a cosignature by a listed witness does not verify: \(reason)"
        case let .tooFew(valid, required):
            "the checkpoint carries \(valid) valid cosignature\(valid == 1 ? "" : "s") from the listed witnesses, \(required) required"
        }
    }
}
