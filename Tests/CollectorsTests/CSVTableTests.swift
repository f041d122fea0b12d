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
}
