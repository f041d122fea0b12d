import ArgumentParser

/// `vigil --home X evidence list`: the global options given before the subcommand are moved to
/// just after it, where every command declares them (ArgumentParser reads an option only on the
/// command that declares it).
enum GlobalArguments {
    static let withValue: Set<String> = ["--home", "--config"]
    static let flags: Set<String> = ["--quiet"]

    static func reordered(_ arguments: [String], root: ParsableCommand.Type) -> [String] {
        var leading: [String] = []
        var rest = arguments[...]
        while let first = rest.first {
            let name = first.split(separator: "=", maxSplits: 1).first.map(String.init) ?? first
            if flags.contains(first) || (withValue.contains(name) && first.contains("=")) {
                leading.append(first)
                rest = rest.dropFirst()
            } else if withValue.contains(first), rest.count >= 2 {
                leading += rest.prefix(2)
                rest = rest.dropFirst(2)
            } else {
                break
            }
        }
        guard !leading.isEmpty else { return arguments }
        var command = root
        var path: [String] = []
        while let next = rest.first, let sub = command.configuration.subcommands.first(where: { $0._commandName == next }) {
            path.append(next)
            rest = rest.dropFirst()
            command = sub
        }
        // No command named after them: what follows is what the parser must refuse, not the
        // global options (`vigil --home ws frobnicate` said "Unknown option '--home'").
        if path.isEmpty, !rest.isEmpty { return Array(rest) }
        return path + leading + Array(rest)
    }
}
