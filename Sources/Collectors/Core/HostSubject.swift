import EvidenceModel

extension CollectorInput {
    /// The one host-subject rule, for every collector whose input is about a host: `--subject` when
    /// given (it must be a `host:`), else `host:` and the file name up to its first dot
    /// (`web-01.devices.json` → `host:web-01`).
    /// - Parameter inputs: what such inputs are, for the message when `--subject` is not a host.
    func hostSubject(_ inputs: String = "firmware inventories") throws(CollectionFailure) -> String {
        if let given = subject {
            if let problem = Subject.problem(with: given) { throw failure(at: "subject", problem) }
            guard Subject.type(of: given) == .host else {
                throw failure(at: "subject", "\(inputs) are about hosts: expected 'host:NAME', got '\(given)'")
            }
            return given
        }
        let baseName = fileName.split(separator: "/").last.map(String.init) ?? fileName
        let host = String(baseName.prefix { $0 != "." })
        let derived = "host:" + host
        if host.isEmpty || Subject.problem(with: derived) != nil {
            throw failure(at: "subject", "cannot name the host from file name '\(fileName)'; pass --subject host:NAME")
        }
        return derived
    }
}
