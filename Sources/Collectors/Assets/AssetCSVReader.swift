import EvidenceModel
import Foundation

/// Reads an asset inventory written as CSV: a header row of field names, then one asset per row.
///
/// Tags are one cell separated by `;` or `|`; `in_scope` is true/false, yes/no or 1/0 (empty: true).
enum AssetCSVReader {
    /// Each asset in turn, row by row (``CSVTable/forEachRow(in:syntax:_:)``): a 100k-row inventory
    /// is never held as one table.
    static func forEachAsset(
        in text: String, from input: CollectorInput, _ body: (LocatedAsset) throws(CollectionFailure) -> Void
    ) throws(CollectionFailure) {
        var columns: [String]?
        try CSVTable.forEachRow(in: text, syntax: { input.failure(at: "line \($0.line)", $0.reason) }) { row throws(CollectionFailure) in
            guard let columns else {
                columns = try self.columns(of: row, in: input)
                return
            }
            guard row.fields.count == columns.count else {
                throw input.failure(
                    at: "line \(row.line)",
                    "expected \(columns.count) fields as in the header, found \(row.fields.count)")
            }
            let cells = Cells(row: row, columns: columns, input: input)
            try body(LocatedAsset(asset: try asset(from: cells), entryLocation: "line \(row.line)", idLocation: cells.location(of: "id")))
        }
        if columns == nil { throw input.failure(at: "line 1", "empty file") }
    }

    /// The header's column names; unknown, duplicate or missing required columns are rejected.
    private static func columns(of header: CSVTable.Row, in input: CollectorInput) throws(CollectionFailure) -> [String] {
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        for (index, name) in names.enumerated() {
            let place = "line \(header.line), column \(name)"
            guard AssetEvidence.fields.contains(name) else {
                throw input.failure(
                    at: place, "unknown column '\(name)' (known: \(AssetEvidence.fields.joined(separator: ", ")))")
            }
            if names[..<index].contains(name) { throw input.failure(at: place, "duplicate column '\(name)'") }
        }
        for required in AssetEvidence.requiredFields where !names.contains(required) {
            throw input.failure(at: "line \(header.line)", "missing required column '\(required)'")
        }
        return names
    }

    private static func asset(from cells: Cells) throws(CollectionFailure) -> AssetEvidence {
        let id = try cells.required("id")
        let type = try cells.required("type")
        let subject: String
        do {
            subject = try AssetEvidence.subject(id: id, type: type, explicit: cells["subject"])
        } catch {
            throw cells.failure(error.field, error.reason)
        }
        var isInScope = true
        if let text = cells["in_scope"] {
            guard let flag = FlagText.parse(text) else {
                throw cells.failure("in_scope", "expected true/false, yes/no or 1/0, found '\(text)'")
            }
            isInScope = flag
        }
        let tags = (cells["tags"] ?? "").split(whereSeparator: { $0 == ";" || $0 == "|" })
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        return AssetEvidence(
            subject: subject, id: id, type: type, owner: cells["owner"], tags: tags, isInScope: isInScope,
            exclusionReason: cells["exclusion_reason"], exclusionApprovedBy: cells["exclusion_approved_by"])
    }

    /// One row's cells by column name; blank cells read as absent.
    private struct Cells {
        let row: CSVTable.Row
        let columns: [String]
        let input: CollectorInput

        subscript(column: String) -> String? {
            guard let index = columns.firstIndex(of: column) else { return nil }
            let value = row.fields[index].trimmingCharacters(in: .whitespacesAndNewlines)
            return value.isEmpty ? nil : value
        }

        func required(_ column: String) throws(CollectionFailure) -> String {
            guard let value = self[column] else { throw failure(column, "missing required field '\(column)'") }
            return value
        }

        func location(of column: String) -> String { "line \(row.line), column \(column)" }

        func failure(_ column: String, _ reason: String) -> CollectionFailure {
            input.failure(at: location(of: column), reason)
        }
    }
}
