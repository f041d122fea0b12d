import Foundation

/// A key script: what tig's TIG_SCRIPT is to tig, for tests and the headless mode.
///
/// One step per token, whitespace-separated, `#` starting a comment line:
/// `j j <Enter> /KR-1 <Enter> <Esc>` types j, j, Enter, the five characters of `/KR-1`, Enter, Esc.
/// `:dump NAME` saves the current screen as NAME; `:resize 60x20` changes the terminal's size.
public struct KeyScript: Sendable, Hashable {
    public enum Step: Sendable, Hashable {
        case key(Key)
        case dump(String)
        case resize(Size)
    }

    public enum ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        case unknownKey(String, line: Int)
        case badCommand(String, line: Int)

        public var description: String {
            switch self {
            case .unknownKey(let name, let line): "key script line \(line): unknown key <\(name)>"
            case .badCommand(let text, let line): "key script line \(line): cannot read '\(text)' (use :dump NAME or :resize WxH)"
            }
        }
    }

    public let steps: [Step]

    public init(steps: [Step]) { self.steps = steps }

    public init(_ text: String) throws(ParseError) {
        var steps: [Step] = []
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix(":") {
                let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
                switch (parts[0], parts.count == 2 ? parts[1] : nil) {
                case (":dump", let name?): steps.append(.dump(name))
                case (":resize", let size?):
                    guard let size = Size(size) else { throw .badCommand(line, line: number + 1) }
                    steps.append(.resize(size))
                default: throw .badCommand(line, line: number + 1)
                }
                continue
            }
            for token in line.split(separator: " ") {
                if token.hasPrefix("<"), token.hasSuffix(">"), token.count > 2 {
                    let name = String(token.dropFirst().dropLast())
                    guard let key = Key(scriptName: name) else { throw .unknownKey(name, line: number + 1) }
                    steps.append(.key(key))
                } else {
                    steps += token.map { .key(.character($0)) }
                }
            }
        }
        self.steps = steps
    }
}
