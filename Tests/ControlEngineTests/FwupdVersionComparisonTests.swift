import Foundation
import Testing

@testable import ControlEngine

/// Against vectors produced by the real fwupd 2.0.20 (see Fixtures/fwupd-versions.tsv's header).
struct FwupdVersionComparisonTests {
    struct Vector: CustomTestStringConvertible {
        let columns: [String]
        var testDescription: String { columns.joined(separator: " ") }
    }

    static func vectors(_ kind: String) -> [Vector] {
        guard let url = Bundle.module.url(forResource: "fwupd-versions", withExtension: "tsv", subdirectory: "Fixtures"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return [] }
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }
            .map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
            .filter { $0.first == kind }.map { Vector(columns: Array($0.dropFirst())) }
    }

    @Test func theVectorFileHoldsEveryKindOfRow() {
        #expect(Self.vectors("vercmp").count > 1000)
        #expect(Self.vectors("render").count == FwupdVersionFormat.allCases.count * 13)
        #expect(Self.vectors("parse").count > 20)
    }

    @Test func comparisonsAgreeWithFwupdtoolVercmp() {
        var mismatches: [String] = []
        for vector in Self.vectors("vercmp") {
            let (a, b, formatName, expected) = (vector.columns[0], vector.columns[1], vector.columns[2], Int(vector.columns[3]))
            let format = formatName == "-" ? nil : FwupdVersionFormat(rawValue: formatName)
            #expect(formatName == "-" || format != nil, "unknown format \(formatName)")
            let got = FwupdVersionComparison.compare(a, b, format: format)
            if got != expected { mismatches.append("'\(a)' vs '\(b)' (\(formatName)): fwupd \(expected ?? 99), got \(got)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, e.g. \(mismatches.prefix(5))")
    }

    @Test func everyFormatRendersRawValuesAsFwupdDoes() {
        for vector in Self.vectors("render") {
            let format = FwupdVersionFormat(rawValue: vector.columns[0])
            let raw = UInt32(vector.columns[1]) ?? 0
            #expect(format?.render(raw) == vector.columns[2], "\(vector.testDescription)")
        }
    }

    @Test func parsingFromAFormatAgreesWithFwupd() {
        for vector in Self.vectors("parse") {
            let format = FwupdVersionFormat(rawValue: vector.columns[0]) ?? .plain
            #expect(FwupdVersionComparison.parse(vector.columns[1], as: format) == vector.columns[2], "\(vector.testDescription)")
        }
    }

    @Test func theDocumentedRulesHold() {
        #expect(FwupdVersionComparison.compare("1.2", "1.2.0", format: .triplet) == -1)
        #expect(FwupdVersionComparison.compare("1.2.3~rc1", "1.2.3", format: .triplet) == -1)
        #expect(FwupdVersionComparison.compare("21.10", "21.9", format: .plain) == -1)
        #expect(FwupdVersionComparison.compare("21.10", "21.9", format: .pair) == 1)
        #expect(FwupdVersionComparison.compare("01.2", "1.2", format: .pair) == 0)
        #expect(FwupdVersionComparison.compare("0x10", "0x0a", format: .hex) == 1)
    }

    @Test func everyFormatFwupdDefinesIsKnown() {
        #expect(
            FwupdVersionFormat.allCases.map(\.rawValue) == [
                "plain", "number", "pair", "triplet", "quad", "bcd", "intel-me", "intel-me2", "intel-csme19",
                "surface-legacy", "surface", "dell-bios", "dell-bios-msb", "hex",
            ])
        #expect(FwupdVersionFormat.triplet.render(65559) == "0.1.23")
        #expect(FwupdVersionFormat.number.render(65559) == "65559")
    }
}
