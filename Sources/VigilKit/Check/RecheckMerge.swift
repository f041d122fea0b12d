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

    /// - Parameters:
    ///   - subjects: `previous`'s subjects, sorted (``RecheckMemory/sortedSubjects``).
    ///   - keeps: whether each of them keeps its verdicts; the others are judged again or gone.
    private init(previous: RecheckMemory, subjects: [String], keeps: [Bool], shared: [Int64], sharedIDs: [String], through: Int64?) {
        self.previous = previous
        self.subjects = subjects
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

extension RecheckMerge {
    /// What a re-check does with the last memory: the verdicts it keeps, the subjects it judges
    /// again (or anew), and the next memory to write (nil when it would be the same).
    struct Plan {
        var kept: [SubjectVerdicts] = []
        var toJudge: [String] = []
        var merge: RecheckMerge?
    }

    /// A subject keeps its remembered verdicts when its selected rows are those it was judged on:
    /// `changed` names the subjects with records stored since the memory's newest row (nil: unknown,
    /// then every selected subject's `rows` are compared with the remembered ones).
    static func plan(
        previous: RecheckMemory, selected: Set<String>, changed: Set<String>?, rows: SubjectRows,
        shared: [Int64], sharedIDs: [String], through: Int64?
    ) -> Plan {
        let order = previous.sortedSubjects
        var plan = Plan()
        var keeps: [Bool] = []
        func isKept(_ subject: String, _ remembered: RecheckMemory.Entry) -> Bool {
            // Without records stored since, its selection is what it was.
            let unchanged = changed.map { $0.isEmpty || !$0.contains(subject) } ?? false
            guard unchanged || remembered.seqs.elementsEqual(rows.rows(of: subject)) else { return false }
            plan.kept.append(remembered.verdicts)
            return true
        }
        if changed != nil {
            // A memory lists every subject its evaluation judged, and each is judged again or kept; a
            // subject selected now that is not among them has a record stored since (its selection
            // rests on its records and the shared ones). Walked as the memory holds them: a set of
            // every subject was a tenth of a re-check of 50k subjects.
            keeps.reserveCapacity(order.count)
            for subject in order {
                guard let remembered = previous.subjects[subject] else {
                    keeps.append(false)
                    continue
                }
                let kept = isKept(subject, remembered)
                keeps.append(kept)
                if !kept { plan.toJudge.append(subject) }
            }
            for subject in selected where previous.subjects[subject] == nil { plan.toJudge.append(subject) }
        } else {
            var keeping: Set<String> = []
            for subject in selected {
                if let remembered = previous.subjects[subject], isKept(subject, remembered) {
                    keeping.insert(subject)
                } else {
                    plan.toJudge.append(subject)
                }
            }
            // The remembered subjects no longer selected are gone from the next memory.
            keeps = order.map(keeping.contains)
        }
        // The same memory again is not written: nothing judged, none gone, no row since.
        let same = plan.toJudge.isEmpty && plan.kept.count == previous.subjects.count && through == previous.through
        if !same {
            plan.merge = RecheckMerge(previous: previous, subjects: order, keeps: keeps, shared: shared, sharedIDs: sharedIDs, through: through)
        }
        return plan
    }
}
