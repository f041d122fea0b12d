/// What a message meant for a person must never show (issue #14, item 7): Swift type and case
/// names, framework error domains, source locations and C function names — the marks of an error
/// printed as it was thrown instead of said in words.
///
/// One list for every test that reads Vigil's messages: the end-to-end rejections and every refusal
/// the mutation fuzzer provokes.
public enum MessageLeaks {
    /// Literal fragments, each the mark of one kind of internals.
    public static let fragments = [
        "Error.", "Error(", "DecodingError", "NSCocoaErrorDomain", ".swift:", "yaml_", "typeMismatch", "keyNotFound",
        "dataCorrupted", "CodingKeys", "Optional(",
    ]

    /// The fragments `message` shows that `input` does not hold: a message may quote its input, and
    /// what it quotes is the input's, not Vigil's internals.
    public static func found(in message: String, quoting input: String = "") -> [String] {
        fragments.filter { message.contains($0) && !input.contains($0) }
    }
}
