/// A regular expression matched in time linear in the text: `matches:` of an `expect` clause.
///
/// Swift's `Regex` backtracks, so `^(a+)+$` against `aaaa…a!` runs for longer than anyone waits, and
/// no pattern check can rule out every such case. This engine compiles the pattern to a Thompson
/// NFA and runs all of its states side by side over the text (as RE2 and Go do): at most
/// `pattern states × text length` steps, whatever the pattern. It supports what control files use —
/// literals, `.`, `^`, `$`, classes `[a-z]` and `[^…]`, `\d \w \s` (ASCII) and their negations,
/// groups `(…)` and `(?:…)`, `|`, and the quantifiers `* + ? {n} {n,} {n,m}` (a lazy `?` after one is
/// accepted and means the same for a yes/no match) — and refuses the rest (backreferences,
/// lookaround, word boundaries, flags) with the reason, at lint time. It matches Unicode scalars;
/// `^` and `$` are the start and end of the text.
public struct LinearRegex: Sendable, Hashable {
    /// Why a pattern is refused, in words for the control's author.
    public struct SyntaxError: Error, Sendable, Hashable {
        public let reason: String
    }

    /// One step of the compiled program.
    enum Instruction: Sendable, Hashable {
        case scalar(ScalarSet)
        case split(Int, Int)
        case jump(Int)
        case textStart, textEnd
        case match
    }

    /// The scalars one step consumes: ranges, or every scalar outside them.
    struct ScalarSet: Sendable, Hashable {
        var ranges: [ClosedRange<UInt32>]
        var isNegated = false

        func contains(_ scalar: Unicode.Scalar) -> Bool {
            ranges.contains { $0.contains(scalar.value) } != isNegated
        }
    }

    /// The most program steps a pattern may compile to, counted repetitions included.
    static let largestProgram = 10_000

    public let pattern: String
    let program: [Instruction]

    public init(_ pattern: String) throws(SyntaxError) {
        var parser = LinearRegexParser(pattern)
        let tree = try parser.parse()
        var program: [Instruction] = []
        try Self.emit(tree, into: &program)
        program.append(.match)
        self.pattern = pattern
        self.program = program
    }

    /// Thompson's construction: each node appends the steps that match it.
    private static func emit(_ node: LinearRegexParser.Node, into program: inout [Instruction]) throws(SyntaxError) {
        guard program.count <= largestProgram else {
            throw SyntaxError(reason: "the pattern is too large once its repetitions are counted out (over \(largestProgram) steps)")
        }
        switch node {
        case .set(let set): program.append(.scalar(set))
        case .textStart: program.append(.textStart)
        case .textEnd: program.append(.textEnd)
        case .sequence(let nodes): for node in nodes { try emit(node, into: &program) }
        case .alternatives(let first, let second):
            let split = program.count
            program.append(.split(split + 1, 0))
            try emit(first, into: &program)
            let jump = program.count
            program.append(.jump(0))
            program[split] = .split(split + 1, program.count)
            try emit(second, into: &program)
            program[jump] = .jump(program.count)
        case .repeated(let inner, let minimum, let maximum):
            for _ in 0..<minimum { try emit(inner, into: &program) }
            if let maximum {
                // Each optional copy may be skipped; skipping one skips the rest.
                var splits: [Int] = []
                for _ in minimum..<maximum {
                    splits.append(program.count)
                    program.append(.split(program.count + 1, 0))
                    try emit(inner, into: &program)
                }
                for split in splits { program[split] = .split(split + 1, program.count) }
            } else {
                let loop = program.count
                program.append(.split(loop + 1, 0))
                try emit(inner, into: &program)
                program.append(.jump(loop))
                program[loop] = .split(loop + 1, program.count)
            }
        }
    }
}
