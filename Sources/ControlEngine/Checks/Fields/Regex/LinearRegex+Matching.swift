extension LinearRegex {
    /// Whether the pattern matches anywhere in `text` (unanchored, as `Regex` in `contains`).
    ///
    /// Every live program state advances together over the text, each at most once per position,
    /// so the work is bounded by `program.count × (text length + 1)`.
    public func matches(in text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        var current = StateSet(capacity: program.count)
        var next = StateSet(capacity: program.count)
        for position in 0...scalars.count {
            if add(0, to: &current, at: position, of: scalars.count) { return true }  // a new attempt starts here
            guard position < scalars.count else { break }
            next.clear()
            for pc in current.members {
                guard case .scalar(let set) = program[pc], set.contains(scalars[position]) else { continue }
                if add(pc + 1, to: &next, at: position + 1, of: scalars.count) { return true }
            }
            swap(&current, &next)
        }
        return false
    }

    /// Adds the state `pc` and every state it reaches without consuming a scalar; true when one is `match`.
    private func add(_ pc: Int, to states: inout StateSet, at position: Int, of length: Int) -> Bool {
        var pending = [pc]
        while let pc = pending.popLast() {
            guard states.insert(pc) else { continue }
            switch program[pc] {
            case .match: return true
            case .jump(let target): pending.append(target)
            case .split(let first, let second): pending += [second, first]
            case .textStart: if position == 0 { pending.append(pc + 1) }
            case .textEnd: if position == length { pending.append(pc + 1) }
            case .scalar: break
            }
        }
        return false
    }
}

/// A set of program states with constant-time insert and clear (a sparse set).
private struct StateSet {
    private var stamp: [Int]
    private var generation = 1
    private(set) var members: [Int] = []

    init(capacity: Int) { stamp = Array(repeating: 0, count: capacity) }

    /// False when `pc` was already in the set.
    mutating func insert(_ pc: Int) -> Bool {
        guard stamp[pc] != generation else { return false }
        stamp[pc] = generation
        members.append(pc)
        return true
    }

    mutating func clear() {
        generation += 1
        members.removeAll(keepingCapacity: true)
    }
}
