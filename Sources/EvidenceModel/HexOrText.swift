/// A name held in 32 bytes when it is 64 lower-case hex digits (a SHA-256 as Vigil writes one: a
/// record's id, a subject's folder), else as its text. Two are equal exactly when their texts are:
/// only lower-case digits are held as bytes.
///
/// Many are kept at once: a commit of 262,144 subjects keeps two folders written for each (as
/// strings, ~420 bytes a subject with their table's entries: 28 MB of a 100k-key collect's peak), a
/// check of 400k keys a result naming each key's record.
public struct HexOrText: Hashable, Sendable, CustomStringConvertible {
    private enum Form: Hashable, Sendable {
        case packed(PackedRecordID)
        case text(String)
    }

    private let form: Form

    public init(_ name: String) {
        form = PackedRecordID(hex: name).map(Form.packed) ?? .text(name)
    }

    public var text: String {
        switch form {
        case .text(let text): text
        case .packed(let packed): packed.hex
        }
    }

    public var description: String { text }
}
