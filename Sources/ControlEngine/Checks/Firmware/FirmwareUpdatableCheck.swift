import EvidenceModel
import Foundation

/// `firmware_updatable`: every device of the host's newest fwupd collection carries the `updatable` flag.
///
/// ```yaml
/// check: {type: firmware_updatable}
/// ```
/// Devices of the `cpu` plugin are out of scope (microcode comes with the operating system), and
/// devices with neither `Version` nor `Protocols` have no firmware to update, so both are ignored.
/// `updatable-hidden` counts as not updatable. A failing reason names each device and its
/// `UpdateError` or `Problems`.
public struct FirmwareUpdatableCheck: ControlCheck {
    public static let type = "firmware_updatable"

    public init() {}

    public init?(parameters: inout CheckParameters) {}

    public func judge(_ records: [EvidenceRecord], at instant: Date) -> CheckVerdict {
        // A record of another kind is no device with firmware: it is ignored, as one without a version is.
        let candidates = records.compactMap { try? FirmwareDeviceEvidence(record: $0) }.filter(Self.isCandidate)
        let ignored = records.count - candidates.count
        let ignoredNote = ignored == 0 ? "" : " (\(ignored) ignored: cpu plugin or no firmware version)"
        guard !candidates.isEmpty else {
            return .notApplicable("no device with updatable firmware among \(records.count)" + ignoredNote)
        }
        let blocked = candidates.filter { !$0.flags.contains("updatable") }
        guard !blocked.isEmpty else {
            return .pass("all \(candidates.count) devices updatable" + ignoredNote)
        }
        let named = blocked.map(Self.describe).joined(separator: ", ")
        return .fail("\(blocked.count) of \(candidates.count) devices not updatable: \(named)" + ignoredNote)
    }

    static func isCandidate(_ device: FirmwareDeviceEvidence) -> Bool {
        device.plugin != "cpu" && (device.version != nil || device.hasProtocols)
    }

    /// `Thunderbolt Controller (UpdateError: …; Problems: …)`.
    static func describe(_ device: FirmwareDeviceEvidence) -> String {
        var notes: [String] = []
        if device.flags.contains("updatable-hidden") { notes.append("updatable-hidden") }
        if let error = device.updateError, !error.isEmpty { notes.append("UpdateError: \(error)") }
        let problems = problemTexts(device.problems)
        if !problems.isEmpty { notes.append("Problems: " + problems.joined(separator: ", ")) }
        if notes.isEmpty { notes.append("no updatable flag") }
        return "\(device.name ?? "unnamed device") (\(notes.joined(separator: "; ")))"
    }

    private static func problemTexts(_ value: JSONValue?) -> [String] {
        switch value {
        case .array(let list): list.compactMap { $0.stringValue ?? ($0.isNull ? nil : JSONText.of($0)) }
        case .string(let text) where !text.isEmpty: [text]
        case .some(let other) where !other.isNull: [JSONText.of(other)]
        default: []
        }
    }
}
