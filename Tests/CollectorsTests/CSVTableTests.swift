import Testing

@testable import Collectors

struct CSVTableTests {
    private func rows(_ text: String) throws -> [[String]] { try CSVTable(parsing: text).rows.map(\.fields) }

    @Test func lfCRLFAndAMissingFinalNewlineGiveTheSameRows() throws {
        let expected = [["a", "b"], ["1", "2"]]
        #expect(try rows("a,b\n1,2\n") == expected)
        #expect(try rows("a,b\r\n1,2\r\n") == expected)
        #expect(try rows("a,b\r\n1,2") == expected)
    }

    @Test func quotedFieldsHoldCommasQuotesAndLineBreaks() throws {
        #expect(try rows("\"a,b\",\"say \"\"hi\"\"\",\"x\r\ny\"\n") == [["a,b", "say \"hi\"", "x\r\ny"]])
    }

    @Test func emptyFieldsAndEmptyQuotedFieldsAreKept() throws {
        #expect(try rows("a,,\"\"\n") == [["a", "", ""]])
        #expect(try rows("\"\"\n") == [[""]])
    }

    @Test func blankLinesAreSkipped() throws {
        #expect(try rows("a\n\n\r\nb\n\n") == [["a"], ["b"]])
    }

    @Test func rowsRememberTheLineTheyStartOn() throws {
        let table = try CSVTable(parsing: "h\r\n\"multi\r\nline\"\r\n\r\nlast")
        #expect(table.rows.map(\.line) == [1, 2, 5])
    }

    @Test func spacesAfterAClosingQuoteAreAllowed() throws {
        #expect(try rows("\"a\"  ,b\n") == [["a", "b"]])
    }

    @Test func unterminatedQuoteNamesTheLineTheFieldStarts() {
        #expect(throws: CSVTable.SyntaxError.self) { try CSVTable(parsing: "a\n\"b\nc\n") }
        do {
            _ = try CSVTable(parsing: "a\n\"b\nc\n")
        } catch {
            #expect(error.line == 2)
            #expect(error.reason == "unterminated quoted field")
        }
    }
    /// Rows handed over one at a time are the table's, lines and all; a syntax error anywhere is
    /// thrown before the first row is handed over, as a whole parse reports it.
    @Test func rowsOneAtATimeAreTheTablesAndASyntaxErrorComesFirst() throws {
        struct Refused: Error { let line: Int }
        let text = "a,b\n1,\"x\ny\"\r\n\n2,3"
        var handed: [CSVTable.Row] = []
        try CSVTable.forEachRow(in: text, syntax: { Refused(line: $0.line) }) { row throws(Refused) in handed.append(row) }
        let table = try CSVTable(parsing: text)
        #expect(handed.map(\.fields) == table.rows.map(\.fields))
        #expect(handed.map(\.line) == table.rows.map(\.line))

        var count = 0
        #expect(throws: Refused.self) {
            try CSVTable.forEachRow(in: "a,b\n1,2\n3,x\"y\n", syntax: { Refused(line: $0.line) }) { _ throws(Refused) in count += 1 }
        }
        #expect(count == 0)
    }
}
