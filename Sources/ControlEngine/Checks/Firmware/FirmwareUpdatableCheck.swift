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
        let candidates = records.filter { Self.isCandidate($0.data) }
        let ignored = records.count - candidates.count
        let ignoredNote = ignored == 0 ? "" : " (\(ignored) ignored: cpu plugin or no firmware version)"
        guard !candidates.isEmpty else {
            return .notApplicable("no device with updatable firmware among \(records.count)" + ignoredNote)
        }
        let blocked = candidates.filter { !Self.flags($0.data).contains("updatable") }
        guard !blocked.isEmpty else {
            return .pass("all \(candidates.count) devices updatable" + ignoredNote)
        }
        let named = blocked.map { Self.describe($0.data) }.joined(separator: ", ")
        return .fail("\(blocked.count) of \(candidates.count) devices not updatable: \(named)" + ignoredNote)
    }

    static func isCandidate(_ data: [String: JSONValue]) -> Bool {
        if data["Plugin"]?.stringValue == "cpu" { return false }
        let hasVersion = !(data["Version"]?.stringValue ?? "").isEmpty
        let hasProtocols: Bool
        switch data["Protocols"] {
        case .array(let list): hasProtocols = !list.isEmpty
        case .string(let text): hasProtocols = !text.isEmpty
        default: hasProtocols = false
        }
        return hasVersion || hasProtocols
    }

    static func flags(_ data: [String: JSONValue]) -> Set<String> {
        Set((data["Flags"]?.arrayValue ?? []).compactMap(\.stringValue))
    }

    /// `Thunderbolt Controller (UpdateError: …; Problems: …)`.
    static func describe(_ data: [String: JSONValue]) -> String {
        let name = data["Name"]?.stringValue ?? data["DeviceId"]?.stringValue ?? "unnamed device"
        var notes: [String] = []
        if flags(data).contains("updatable-hidden") { notes.append("updatable-hidden") }
        if let error = data["UpdateError"]?.stringValue, !error.isEmpty { notes.append("UpdateError: \(error)") }
        let problems = problemTexts(data["Problems"])
        if !problems.isEmpty { notes.append("Problems: " + problems.joined(separator: ", ")) }
        if notes.isEmpty { notes.append("no updatable flag") }
        return "\(name) (\(notes.joined(separator: "; ")))"
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
