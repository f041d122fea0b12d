import EvidenceModel
import Foundation
import Testing

/// A result keeps its record ids in 32 bytes each, and gives them back as written, in order; its
/// coded form (the workspace's evaluation cache) is the one the synthesized conformance wrote.
struct SubjectResultTests {
    static let id = "00ff0123456789abcdeffedcba9876543210a5a5a5a5a5a5a5a5a5a5a5a5a5a5"

    @Test func evidenceAndLateIdsReadBackAsGivenInOrder() {
        let ids = [Self.id, "r1", Self.id.uppercased(), String(Self.id.reversed())]
        var result = SubjectResult(subject: "key:k", status: .fail, reason: "old", evidence: ids)
        #expect(result.evidence == ids)
        #expect(result.late == [])
        result.late = [ids[0], ids[3]]
        #expect(result.late == [ids[0], ids[3]])
        #expect(SubjectResult(subject: "key:k", status: .pass, reason: "").evidence == [])
        #expect(result != SubjectResult(subject: "key:k", status: .fail, reason: "old", evidence: Array(ids.reversed())))
    }

    /// Late ids are every id of the evidence most often (a check of a past instant), some, or none:
    /// each reads back as set, and results are equal exactly when their lists are.
    @Test func lateIdsReadBackAsSetWhateverShareOfTheEvidenceTheyAre() {
        let ids = [Self.id, "r1", Self.id.uppercased()]
        let base = SubjectResult(subject: "key:k", status: .fail, reason: "old", evidence: ids)
        let lates: [[String]] = [[], ids, [ids[0]], [ids[1], ids[2]], Array(ids.reversed()), ids + ["r9"], [Self.id.uppercased()], ["r1", "r1", "r1"]]
        for late in lates {
            var result = base
            result.late = late
            #expect(result.late == late, "\(late)")
            // Their places in the evidence, as a search of each after the last finds them.
            var from = 0
            let places = late.compactMap { id -> Int? in
                guard let place = ids[from...].firstIndex(of: id) else { return nil }
                from = place + 1
                return place
            }
            #expect(result.latePlaces == places, "\(late)")
            // Marked by their places, the result is the one the ids made, when the places name them all.
            var marked = base
            marked.markLate(places: places)
            #expect(marked.late == places.map { ids[$0] }, "\(late)")
            if places.map({ ids[$0] }) == late { #expect(marked == result && marked.hashValue == result.hashValue, "\(late)") }
            for other in lates {
                var second = base
                second.late = other
                #expect((result == second) == (late == other), "\(late) \(other)")
                if late == other { #expect(result.hashValue == second.hashValue) }
            }
        }
        // With no evidence, late ids are still kept as given.
        var empty = SubjectResult(subject: "key:k", status: .pass, reason: "")
        empty.late = ["r1"]
        #expect(empty.late == ["r1"])
    }

    @Test func itsCodedFormKeepsTheSynthesizedKeys() throws {
        var result = SubjectResult(subject: "key:k", status: .fail, reason: "old", evidence: [Self.id, "r1"], acceptance: "RA-1")
        result.late = ["r1"]
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let coded = String(decoding: try encoder.encode(result), as: UTF8.self)
        #expect(
            coded
                == #"{"acceptance":"RA-1","evidence":["\#(Self.id)","r1"],"late":["r1"],"reason":"old","status":"fail","subject":"key:k"}"#)
        #expect(try JSONDecoder().decode(SubjectResult.self, from: Data(coded.utf8)) == result)
    }
}
