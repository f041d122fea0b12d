import EvidenceModel

/// Lint's look at stored evidence: a check `field` that no record of the control's kinds has is most
/// likely misspelt, and would fail every subject as "missing" once checked.
public enum FieldCoverage {
    /// One warning per field that no record of its control's kinds holds (see ``RecordField``).
    ///
    /// Kinds with no records say nothing either way, so a control whose kinds have none is skipped.
    ///
    /// - Parameters:
    ///   - controls: the loaded controls.
    ///   - records: every stored record of one kind.
    /// - Returns: warnings naming the file, the control, the field and the kinds looked at.
    public static func warnings(
        for controls: [Control], context: CheckContext = .standard, records: (String) -> [EvidenceRecord]
    ) -> [ControlIssue] {
        var warnings: [ControlIssue] = []
        for control in controls {
            guard let check = CheckCatalog.makeCheck(control.check, context: context).check, !check.fields.isEmpty
            else { continue }
            let judged = control.evidence.flatMap(records).filter { control.origin != .observed || $0.origin == .observed }
            guard !judged.isEmpty else { continue }
            var warned: Set<String> = []
            for field in check.fields where warned.insert(field).inserted {
                guard !judged.contains(where: { RecordField.value(field, in: $0) != nil }) else { continue }
                let kinds = control.evidence.joined(separator: ", ")
                let count = judged.count == 1 ? "1 record" : "\(judged.count) records"
                warnings.append(
                    ControlIssue(
                        file: control.file, control: control.id, field: "check",
                        reason: "field '\(field)' is in no stored \(kinds) record (looked at \(count)): misspelt?"))
            }
        }
        return warnings
    }
}
