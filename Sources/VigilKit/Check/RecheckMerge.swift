import ControlEngine
import EvidenceModel
import Foundation

/// A re-check's memory: the last memory's subjects that kept their verdicts, in its order, merged
/// with those judged again (slices come in subject order), encoded when the memory is written, on
/// the thread that writes it while the report is written. Before, the last memory's table was
/// copied, changed subject by subject and encoded with every subject sorted again: most of the time
/// a re-check of 50k subjects spent after its report.
struct RecheckMerge {
    private let previous: RecheckMemory
    /// The last memory's subjects, sorted, and which of them keep their verdicts.
    private let subjects: [String]
    private let keeps: [Bool]
    /// What the next memory shares: the shared records' rows and ids, and the newest row.
    private let shared: [Int64]
    private let sharedIDs: [String]
    private let through: Int64?
    /// The subjects judged again (or anew), in the order they were added.
    private var judged: [(String, RecheckMemory.Entry)] = []

    /// - Parameter keeps: whether each of `previous`'s subjects, in the order of its
    ///   ``RecheckMemory/sortedSubjects``, keeps its verdicts; the others are judged again or gone.
    init(previous: RecheckMemory, keeps: [Bool], shared: [Int64], sharedIDs: [String], through: Int64?) {
        self.previous = previous
        subjects = previous.sortedSubjects
        precondition(keeps.count == subjects.count, "one flag per remembered subject")
        self.keeps = keeps
        self.shared = shared
        self.sharedIDs = sharedIDs
        self.through = through
    }

    /// Adds a subject judged again (or anew); each must sort after the one before.
    mutating func add(_ subject: String, _ entry: RecheckMemory.Entry) {
        judged.append((subject, entry))
    }

    /// The memory's bytes, in pieces of about `chunk` bytes, handed to `sink` if given (and then not
    /// returned); nil when the judged subjects came out of order.
    func encoded(chunk: Int = 1 << 20, to sink: (([UInt8]) -> Void)? = nil) -> [[UInt8]]? {
        var encoder = RecheckMemory.Encoder(shared: shared, sharedIDs: sharedIDs, through: through, chunk: chunk, sink: sink)
        var next = 0
        func keep(before subject: String?) {
            while next < subjects.count, subject.map({ subjects[next] < $0 }) ?? true {
                if keeps[next], let entry = previous.subjects[subjects[next]] { encoder.add(subjects[next], entry) }
                next += 1
            }
        }
        for (subject, entry) in judged {
            keep(before: subject)
            encoder.add(subject, entry)
        }
        keep(before: nil)
        return encoder.finish()
    }
}
