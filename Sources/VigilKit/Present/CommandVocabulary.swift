import EvidenceModel
import MerkleLog
import Reporting

// The values VigilKit's stages hand to the command line, named here so that `vigil` depends on
// VigilKit alone: a command parses its arguments into these, passes them down and prints what
// comes back, and never reaches past VigilKit into the layers below.

/// What `check` found: every control's results, the gaps, the coverage (EvidenceModel).
public typealias RunResult = EvidenceModel.RunResult
/// Which records `evidence list` shows (EvidenceModel).
public typealias RecordQuery = EvidenceModel.RecordQuery
/// RFC 3339 instants as Vigil reads and writes them (EvidenceModel).
public typealias Timestamp = EvidenceModel.Timestamp
/// Text from input made safe to print on a terminal (EvidenceModel).
public typealias UntrustedText = EvidenceModel.UntrustedText
/// Why a file could not be read or written, said plainly (EvidenceModel).
public typealias FileProblem = EvidenceModel.FileProblem
/// How many of which witnesses must have cosigned a checkpoint (MerkleLog).
public typealias WitnessQuorum = MerkleLog.WitnessQuorum
/// The formats of `check`'s report (Reporting).
public typealias ReportFormat = Reporting.ReportFormat
/// The formats of the summaries: `diff`, `controls coverage` (Reporting).
public typealias SummaryFormat = Reporting.SummaryFormat
