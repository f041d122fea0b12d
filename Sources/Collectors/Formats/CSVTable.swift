/// A CSV file as RFC 4180 reads it: rows of fields, each row with the line it starts on.
///
/// Quoted fields may hold commas, line breaks and doubled quotes (`""`). Lines end in LF or CRLF and
/// the last one may have no line break. Blank lines are skipped.
struct CSVTable {
    struct Row {
        /// The 1-based line the row starts on (a quoted line break makes a row span lines).
        let line: Int
        let fields: [String]
    }

    struct SyntaxError: Error {
        let line: Int
        let reason: String
    }

    let rows: [Row]

    /// Every row at once (the collectors take them one at a time, ``forEachRow(in:syntax:_:)``).
    init(parsing text: String) throws(SyntaxError) {
        var rows: [Row] = []
        try Self.forEachRow(in: text, syntax: { $0 }) { row throws(SyntaxError) in rows.append(row) }
        self.rows = rows
    }

    /// Each row of `text` in turn, never all held at once (a report of 100k users was ~2M strings).
    /// The whole text is checked first, so a syntax error anywhere is thrown before any row is
    /// handed over, as a parse of the whole table reports it.
    static func forEachRow<Failure: Error>(
        in text: String, syntax: (SyntaxError) -> Failure, _ body: (Row) throws(Failure) -> Void
    ) throws(Failure) {
        do {
            var checking = Parser()
            checking.keepsRows = false
            for scalar in text.unicodeScalars { try checking.consume(scalar) }
            _ = try checking.finish()
        } catch {
            throw syntax(error)
        }
        var parser = Parser()
        for scalar in text.unicodeScalars {
            do { try parser.consume(scalar) } catch { throw syntax(error) }
            if parser.hasRows { for row in parser.takeRows() { try body(row) } }
        }
        let last: [Row]
        do { last = try parser.finish() } catch { throw syntax(error) }
        for row in last { try body(row) }
    }
}

extension CSVTable {
    /// A one-pass state machine over Unicode scalars (not Characters: Swift joins "\r\n" into one).
    private struct Parser {
        /// Whether rows are kept (to be taken), or only checked.
        var keepsRows = true
        private var rows: [Row] = []
        private var fields: [String] = []
        private var field = String.UnicodeScalarView()
        private var line = 1
        private var rowLine = 1
        private var isInQuotes = false
        private var isAfterClosingQuote = false
        private var wasQuoted = false
        private var isAfterCarriageReturn = false

        mutating func consume(_ c: Unicode.Scalar) throws(SyntaxError) {
            defer { isAfterCarriageReturn = c == "\r" }
            if isInQuotes {
                if c == "\"" {
                    isInQuotes = false
                    isAfterClosingQuote = true
                } else {
                    let isLineBreak = c == "\r" || (c == "\n" && !isAfterCarriageReturn)
                    if isLineBreak { line += 1 }
                    field.append(c)
                }
                return
            }
            switch c {
            case "\"" where isAfterClosingQuote:
                // The second quote of a doubled `""` inside a quoted field.
                field.append("\"")
                isInQuotes = true
                isAfterClosingQuote = false
            case "\"":
                guard field.isEmpty, !wasQuoted else {
                    throw SyntaxError(line: line, reason: "a quote inside an unquoted field (quote the whole field)")
                }
                isInQuotes = true
                wasQuoted = true
            case ",":
                endField()
            case " " where isAfterClosingQuote, "\t" where isAfterClosingQuote:
                break  // padding between a closing quote and the comma
            case "\n" where isAfterCarriageReturn:
                break  // the LF of a CRLF already ended the row
            case "\r", "\n":
                endRow()
                line += 1
                rowLine = line
            default:
                guard !isAfterClosingQuote else {
                    throw SyntaxError(line: line, reason: "unexpected '\(c)' after a closing quote")
                }
                field.append(c)
            }
        }

        var hasRows: Bool { !rows.isEmpty }

        /// The rows ended so far, let go of.
        mutating func takeRows() -> [Row] {
            defer { rows.removeAll(keepingCapacity: true) }
            return rows
        }

        mutating func finish() throws(SyntaxError) -> [Row] {
            if isInQuotes { throw SyntaxError(line: rowLine, reason: "unterminated quoted field") }
            endRow()
            return rows
        }

        private mutating func endField() {
            fields.append(String(field))
            field = String.UnicodeScalarView()
            isAfterClosingQuote = false
            wasQuoted = false
        }

        private mutating func endRow() {
            let isBlank = fields.isEmpty && field.isEmpty && !wasQuoted
            if !isBlank {
                endField()
                if keepsRows { rows.append(Row(line: rowLine, fields: fields)) }
            }
            fields = []
        }
    }
}
