import Foundation

/// What to select from the index; nil fields don't filter.
public struct RecordQuery: Sendable {
    public var subject: String?
    public var kind: String?
    /// Only records observed at or before this instant (`--at`).
    public var observedAtOrBefore: Date?
    /// Only records logged at or before this instant (`--known-at`).
    public var loggedAtOrBefore: Date?

    public init(subject: String? = nil, kind: String? = nil, observedAtOrBefore: Date? = nil, loggedAtOrBefore: Date? = nil) {
        self.subject = subject
        self.kind = kind
        self.observedAtOrBefore = observedAtOrBefore
        self.loggedAtOrBefore = loggedAtOrBefore
    }
}
