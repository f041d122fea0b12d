import EvidenceModel
import Foundation
import Testing

@testable import VigilKit

/// The inputs of one collector parse side by side, and come back in the order given, each with its
/// own records or its own rejection.
struct CollectParsingTests {
    @Test func inputsParsedSideBySideComeBackInOrderEachWithItsOwnOutcome() {
        let items = (0..<64).map { n in
            // Every fifth input is not JSON: its rejection must stay with it.
            let bytes = n % 5 == 0 ? Data("not json \(n)".utf8)
                : Data(#"{"Devices":[{"Name":"Disk \#(n)","DeviceId":"d\#(n)","Version":"1.\#(n)","Flags":["updatable"]}]}"#.utf8)
            return CollectItem(collector: "fwupd", name: "h\(n).json", origin: "h\(n).json", bytes: .success(bytes),
                               subject: "host:h\(n)", observedAt: Date(timeIntervalSince1970: 1_795_000_000))
        }
        let together = CollectParsing.parse(items, now: Date(timeIntervalSince1970: 1_795_000_000))
        #expect(together.map(\.item.name) == items.map(\.name))
        for (n, parsed) in together.enumerated() {
            let alone = CollectParsing.parse([items[n]], now: Date(timeIntervalSince1970: 1_795_000_000))[0]
            switch (parsed.outcome, alone.outcome) {
            case (.success(let a), .success(let b)):
                #expect(a.records.map(\.id) == b.records.map(\.id) && a.records.allSatisfy { $0.subject == "host:h\(n)" })
            case (.failure(let a), .failure(let b)):
                #expect(a.line == b.line && n % 5 == 0 && a.line.contains("h\(n).json"))
            default:
                Issue.record("input \(n): \(parsed.outcome) alone was \(alone.outcome)")
            }
        }
    }

    @Test func parallelMapKeepsTheOrder() {
        #expect(CollectParsing.parallelMap(Array(0..<10_000)) { $0 * 2 } == (0..<10_000).map { $0 * 2 })
        #expect(CollectParsing.parallelMap([Int]()) { $0 }.isEmpty)
    }
}
