/// Reads the pattern syntax ``LinearRegex`` supports into a tree, refusing everything else by name.
struct LinearRegexParser {
    indirect enum Node {
        case set(LinearRegex.ScalarSet)
        case textStart, textEnd
        case sequence([Node])
        case alternatives(Node, Node)
        case repeated(Node, minimum: Int, maximum: Int?)
    }

    typealias SyntaxError = LinearRegex.SyntaxError

    /// The largest count `{n,m}` may name.
    static let largestCount = 1_000

    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var depth = 0

    init(_ pattern: String) { scalars = Array(pattern.unicodeScalars) }

    mutating func parse() throws(SyntaxError) -> Node {
        let tree = try alternatives()
        guard index == scalars.count else { throw SyntaxError(reason: "unbalanced ')' at character \(index + 1)") }
        return tree
    }

    private var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    private mutating func alternatives() throws(SyntaxError) -> Node {
        var node = try sequence()
        while current == "|" {
            index += 1
            node = .alternatives(node, try sequence())
        }
        return node
    }

    private mutating func sequence() throws(SyntaxError) -> Node {
        var nodes: [Node] = []
        while let scalar = current, scalar != "|", scalar != ")" {
            var atom = try self.atom()
            if let (minimum, maximum) = try quantifier() {
                atom = .repeated(atom, minimum: minimum, maximum: maximum)
                if current == "?" { index += 1 }  // lazy: the same yes/no answer
                if let next = current, "*+?{".unicodeScalars.contains(next), (try? peekQuantifier()) != nil {
                    throw SyntaxError(reason: "a quantifier follows a quantifier at character \(index + 1)")
                }
            }
            nodes.append(atom)
        }
        return .sequence(nodes)
    }

    private mutating func atom() throws(SyntaxError) -> Node {
        guard let scalar = current else { throw SyntaxError(reason: "the pattern ends early") }
        let start = index
        index += 1
        switch scalar {
        case "(":
            if current == "?" {
                guard index + 1 < scalars.count, scalars[index + 1] == ":" else {
                    throw SyntaxError(reason: "'(?' at character \(start + 1): lookaround and flags are not supported")
                }
                index += 2
            }
            depth += 1
            guard depth <= 100 else { throw SyntaxError(reason: "groups nested deeper than 100") }
            let inner = try alternatives()
            guard current == ")" else { throw SyntaxError(reason: "'(' at character \(start + 1) is never closed") }
            index += 1
            depth -= 1
            return inner
        case "[": return .set(try characterClass(openedAt: start))
        case ".": return .set(LinearRegex.ScalarSet(ranges: [0x0A...0x0A], isNegated: true))
        case "^": return .textStart
        case "$": return .textEnd
        case "\\": return .set(try escape(inClass: false))
        case "*", "+", "?": throw SyntaxError(reason: "'\(scalar)' at character \(start + 1) repeats nothing")
        default: return .set(LinearRegex.ScalarSet(ranges: [scalar.value...scalar.value]))
        }
    }

    /// `*`, `+`, `?`, `{n}`, `{n,}` or `{n,m}` at the current position, consumed; nil when there is none.
    private mutating func quantifier() throws(SyntaxError) -> (Int, Int?)? {
        guard let found = try peekQuantifier() else { return nil }
        index = found.end
        return (found.minimum, found.maximum)
    }

    private func peekQuantifier() throws(SyntaxError) -> (minimum: Int, maximum: Int?, end: Int)? {
        switch current {
        case "*": return (0, nil, index + 1)
        case "+": return (1, nil, index + 1)
        case "?": return (0, 1, index + 1)
        case "{":
            guard let close = scalars[index...].firstIndex(of: "}") else { return nil }
            let body = String(String.UnicodeScalarView(scalars[(index + 1)..<close]))
            let parts = body.split(separator: ",", omittingEmptySubsequences: false)
            guard (1...2).contains(parts.count), let minimum = Int(parts[0]) else { return nil }  // a literal '{'
            let maximum = parts.count == 1 ? minimum : (parts[1].isEmpty ? nil : Int(parts[1]))
            if parts.count == 2, !parts[1].isEmpty, maximum == nil { return nil }
            guard max(minimum, maximum ?? 0) <= Self.largestCount, minimum <= (maximum ?? minimum) else {
                throw SyntaxError(reason: "'{\(body)}' must count from 0 to \(Self.largestCount), smallest first")
            }
            return (minimum, maximum, close + 1)
        default: return nil
        }
    }

    /// `[…]` or `[^…]`; the `[` is consumed.
    private mutating func characterClass(openedAt start: Int) throws(SyntaxError) -> LinearRegex.ScalarSet {
        var set = LinearRegex.ScalarSet(ranges: [])
        if current == "^" {
            set.isNegated = true
            index += 1
        }
        var isFirst = true
        while let scalar = current, scalar != "]" || isFirst {
            isFirst = false
            index += 1
            if scalar == "[", current == ":" { throw SyntaxError(reason: "POSIX classes '[:…:]' are not supported") }
            let low: LinearRegex.ScalarSet =
                scalar == "\\"
                ? try escape(inClass: true)
                : LinearRegex.ScalarSet(ranges: [scalar.value...scalar.value])
            if current == "-", index + 1 < scalars.count, scalars[index + 1] != "]",
                low.ranges.count == 1, !low.isNegated, let from = low.ranges.first, from.count == 1
            {
                index += 1
                let upper = scalars[index]
                index += 1
                let to = upper == "\\" ? try escape(inClass: true) : LinearRegex.ScalarSet(ranges: [upper.value...upper.value])
                guard let end = to.ranges.first, to.ranges.count == 1, end.count == 1, from.lowerBound <= end.lowerBound else {
                    throw SyntaxError(reason: "bad range in the class at character \(start + 1)")
                }
                set.ranges.append(from.lowerBound...end.lowerBound)
            } else if low.isNegated {
                throw SyntaxError(reason: "\\D, \\W and \\S are not supported inside a class")
            } else {
                set.ranges += low.ranges
            }
        }
        guard current == "]" else { throw SyntaxError(reason: "'[' at character \(start + 1) is never closed") }
        index += 1
        return set
    }

    /// The set an escape stands for; the `\` is consumed.
    private mutating func escape(inClass: Bool) throws(SyntaxError) -> LinearRegex.ScalarSet {
        guard let scalar = current else { throw SyntaxError(reason: "the pattern ends with '\\'") }
        index += 1
        let digits: [ClosedRange<UInt32>] = [0x30...0x39]
        let word: [ClosedRange<UInt32>] = [0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A]
        let space: [ClosedRange<UInt32>] = [0x09...0x0D, 0x20...0x20]
        switch scalar {
        case "d": return .init(ranges: digits)
        case "D": return .init(ranges: digits, isNegated: true)
        case "w": return .init(ranges: word)
        case "W": return .init(ranges: word, isNegated: true)
        case "s": return .init(ranges: space)
        case "S": return .init(ranges: space, isNegated: true)
        case "t": return .init(ranges: [0x09...0x09])
        case "n": return .init(ranges: [0x0A...0x0A])
        case "r": return .init(ranges: [0x0D...0x0D])
        case "f": return .init(ranges: [0x0C...0x0C])
        case "v": return .init(ranges: [0x0B...0x0B])
        case _ where scalar.properties.isAlphabetic || ("0"..."9").contains(scalar):
            let what = ("1"..."9").contains(scalar) ? "backreferences" : "this escape"
            throw SyntaxError(reason: "'\\\(scalar)' at character \(index - 1): \(what) not supported")
        default: return .init(ranges: [scalar.value...scalar.value])  // an escaped punctuation character
        }
    }
}
