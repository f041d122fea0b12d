import Crypto
import Foundation
import Testing

@testable import EvidenceStore

/// The table a pack being written finds its objects by: every object added is found at its
/// position, through the table's growth, and nothing else is.
struct PackObjectTableTests {
    private static func name(_ seed: Int) -> PackObjectName {
        Array(Insecure.SHA1.hash(data: Data("object \(seed)".utf8))).withUnsafeBytes { PackObjectName($0) }
    }

    @Test func everyObjectAddedIsFoundAtItsPositionAsTheTableGrows() {
        let names = (0..<5_000).map(Self.name)
        var table = PackObjectTable()
        for (position, name) in names.enumerated() {
            table.add(name, names: { names[$0] })
            // What was added before a growth is still found after it.
            if position % 997 == 0 {
                for earlier in 0...position {
                    #expect(table.find(names[earlier], names: { names[$0] }) == earlier)
                }
            }
        }
        #expect(table.count == names.count)
        for (position, name) in names.enumerated() { #expect(table.find(name, names: { names[$0] }) == position) }
        for absent in 5_000..<6_000 { #expect(table.find(Self.name(absent), names: { names[$0] }) == nil) }
    }

    /// Names that share their leading bytes (as a crafted input's blobs could) are told apart by
    /// their whole value.
    @Test func namesSharingTheirLeadingBytesAreToldApart() {
        let names = (0..<64).map { index in
            var bytes = [UInt8](repeating: 0xAB, count: 20)
            bytes[19] = UInt8(index)
            return bytes.withUnsafeBytes { PackObjectName($0) }
        }
        var table = PackObjectTable()
        for name in names { table.add(name, names: { names[$0] }) }
        for (position, name) in names.enumerated() { #expect(table.find(name, names: { names[$0] }) == position) }
    }
}
