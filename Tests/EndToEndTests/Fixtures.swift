/// Inputs in the real formats, small enough to read in a test.
enum Fixtures {
    static func fwupd(updatable: Bool, version: String = "1.2.3") -> String {
        """
        {
          "Devices" : [
            {
              "Name" : "System Firmware",
              "DeviceId" : "a45df35ac0e948ee180fe216a5f703f32dda163f",
              "Guid" : ["230c8b18-8d9b-53ec-838b-6cfc0383493a"],
              "Plugin" : "uefi_capsule",
              "Protocols" : ["org.uefi.capsule"],
              "Flags" : ["internal", \(updatable ? "\"updatable\", " : "")"require-ac", "supported", "registered", "needs-reboot"],
              "Vendor" : "LENOVO",
              "Version" : "\(version)",
              "VersionFormat" : "triplet",
              "VersionRaw" : 65559\(updatable ? "" : ",\n      \"UpdateError\" : \"Not updatable as UEFI ESP partition not detected\"")
            },
            {
              "Name" : "Core™ i7-10850H CPU @ 2.70GHz",
              "DeviceId" : "4bde70ba4e39b28f9eab1c4ac7f1b7a4f1c0ae6b",
              "Guid" : ["b9a2dd81-159e-5537-a7db-e7101d164d3f"],
              "Plugin" : "cpu",
              "Flags" : ["internal", "registered"],
              "Version" : "0xf0"
            }
          ]
        }
        """
    }

    static let controls = """
        - id: FW-01
          title: System firmware can be updated
          description: Devices without the fwupd updatable flag cannot receive security fixes.
          severity: high
          frameworks: {soc2: [CC7.1], iso27001-2022: [A.8.8]}
          evidence: firmware.device
          freshness: 7d
          check: {type: firmware_updatable}
        """

    static let risks = """
        - id: RA-1
          control: FW-01
          subjects: [host:lab-3]
          reason: vendor ships no fix for this board
          owner: infra-lead@example.net
          approved_by: ciso@example.net
          accepted_at: 2026-10-01
          expires_at: 2027-01-31
        """
}
