import EvidenceModel

/// One asset of the inventory, from its newest `asset` record (the `asset` kind, ``AssetEvidence``).
typealias Asset = AssetEvidence

extension AssetEvidence {
    /// Whether a control's scope includes this asset: in scope, of its type, carrying all its tags.
    func isIncluded(in scope: ControlScope) -> Bool {
        guard isInScope, scope.kind == EvidenceKind.asset else { return false }
        if let wanted = scope.type, wanted != type { return false }
        return Set(scope.tags).isSubset(of: tags)
    }
}

/// The asset inventory at an instant: the assets its documents list in their newest collections (DESIGN §6).
struct AssetInventory: Sendable {
    /// Sorted by subject.
    let assets: [Asset]
    private let listed: Set<String>

    init(registers: RegisterDocuments) {
        assets = registers.entries(of: EvidenceKind.asset).compactMap { try? Asset(record: $0) }
        listed = Set(assets.map(\.subject))
    }

    var isEmpty: Bool { assets.isEmpty }

    /// The subjects a control's scope names, sorted.
    func subjects(in scope: ControlScope) -> [String] {
        assets.filter { $0.isIncluded(in: scope) }.map(\.subject)
    }

    func lists(_ subject: String) -> Bool { listed.contains(subject) }
}

extension ControlScope: CustomStringConvertible {
    /// `assets of type host tagged prod, pci`.
    public var description: String {
        var text = "assets"
        if let type { text += " of type \(type)" }
        if !tags.isEmpty { text += " tagged " + tags.joined(separator: ", ") }
        return text
    }
}
