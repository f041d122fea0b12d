import EvidenceModel
import Foundation

/// What `vigil init` gives a new workspace so that its first hour starts somewhere: a commented
/// `vigil.yaml` and, unless asked not to, the shipped controls as a starter library. Nothing
/// already there is overwritten.
public enum StarterLibrary {
    public enum Controls: String, CaseIterable, Sendable {
        case starter, none
    }

    /// Writes `vigil.yaml` into `folder` when absent, and the starter controls into `controlsFolder`
    /// when `controls` is `.starter` and that folder does not exist.
    /// - Returns: what was written, in words for the init message (empty when nothing was).
    public static func write(
        configurationAt configuration: URL?, controlsFolder: URL, controls: Controls
    ) throws(VigilError) -> [String] {
        var written: [String] = []
        let files = FileManager.default
        if let configuration, !files.fileExists(atPath: configuration.path) {
            try save(Data(configurationTemplate.utf8), to: configuration)
            written.append("\(configuration.lastPathComponent) (uncomment the sources this host has)")
        }
        if controls == .starter, !files.fileExists(atPath: controlsFolder.path) {
            for file in Self.controls {
                try save(Data(file.text.utf8), to: controlsFolder.appendingPathComponent(file.path))
            }
            let count = Self.controls.filter { $0.path.hasSuffix(".yaml") }.count
            written.append("\(controlsFolder.lastPathComponent)/ (\(count) files of starter controls: firmware, keys, Web PKI, risk and scope)")
        }
        return written
    }

    private static func save(_ data: Data, to url: URL) throws(VigilError) {
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url, options: .withoutOverwriting)
        } catch {
            throw .io("cannot write \(url.path): \(FileProblem(error, path: url.path))")
        }
    }

    /// The commented configuration a new workspace starts from.
    static let configurationTemplate = """
        # Vigil's configuration, written by `vigil init` (README, "Using it"). Flags beat environment
        # variables, which beat this file, which beats the defaults shown commented out here.
        # workspace: .vigil
        # controls: Controls

        # What `vigil collect` and `vigil audit` run. Each source names a collector (`vigil collect --help`
        # lists them with what they read) and a path glob or a command; uncomment what this host has.
        sources: []
        #  - {collector: fwupd, command: fwupdmgr get-devices --json, subject: "host:web-01", timeout: 2m}
        #  - {collector: fwupd-security, command: fwupdmgr security --json, subject: "host:web-01"}
        #  - {collector: aws-kms, path: "/var/lib/vigil/kms/*.json"}
        #  - {collector: cloudtrail, path: "/var/lib/vigil/cloudtrail/*.json.gz"}
        #  - {collector: iam-credential-report, command: aws iam get-credential-report --output json}
        #  - {collector: x509, path: /etc/ssl/private/site.pem}
        #  - {collector: boulder-audit, path: /var/log/boulder/audit.log}
        #  - {collector: risks, path: governance/risk-register.yaml}
        #  - {collector: assets, path: governance/inventory.csv}

        # The log's origin: the name on its checkpoints and signing key (set before `vigil init`).
        # log:
        #   origin: vigil.example.org/log

        # acceptance_policy:
        #   max_extensions: 2
        #   max_total: 365d
        # clock_skew: 5m

        """
}
