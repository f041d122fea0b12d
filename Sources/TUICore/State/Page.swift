import Foundation

/// The top-level views Tab cycles through.
public enum Tab: String, Sendable, Hashable, CaseIterable {
    case controls = "Controls"
    case scopeGaps = "Scope gaps"
    case acceptances = "Acceptances"
    case log = "Log"
    /// `vigil.yaml`'s sources: on time, failed, silent (completeness).
    case sources = "Sources"
}

/// One screen of the view stack: a top-level view, or something opened from one.
public enum Page: Sendable, Hashable {
    case tab(Tab)
    /// A control: its definition and every subject's result.
    case control(id: String)
    /// The records behind one subject's result under a control.
    case evidence(control: String, subject: String)
    /// The versions of one subject's evidence of one kind.
    case history(subject: String, kind: String)
    /// A domain's issuances, each with its inputs (request, validations, CAA, decision, certificate, SCTs).
    case decisionLog(subject: String)
    /// A risk acceptance and its extensions.
    case acceptance(id: String)
    /// What changed from an earlier instant to the one shown (`vigil diff`).
    case diff(since: Date)
    case help
}
