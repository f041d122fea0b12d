import Foundation

/// Where a Network Perspective hands off its traffic (BR 1.6.1), and the RIR region it lies in.
public struct NetworkPerspective: Sendable, Hashable {
    /// The code MPIC results name it by (`us-east-2`), lowercase.
    public let code: String
    public let rir: RIR
    public let latitude: Double
    public let longitude: Double
    /// A display name (`US East (Ohio)`).
    public let name: String?

    public init(code: String, rir: RIR, latitude: Double, longitude: Double, name: String? = nil) {
        self.code = code.lowercased()
        self.rir = rir
        self.latitude = latitude
        self.longitude = longitude
        self.name = name
    }

    /// The great-circle (haversine) distance in kilometres: BR 3.2.2.9's "straight-line distance".
    public func distance(to other: NetworkPerspective) -> Double {
        let radians = Double.pi / 180
        let dLatitude = (other.latitude - latitude) * radians
        let dLongitude = (other.longitude - longitude) * radians
        let a =
            pow(sin(dLatitude / 2), 2)
            + cos(latitude * radians) * cos(other.latitude * radians) * pow(sin(dLongitude / 2), 2)
        return 2 * Self.earthRadiusKilometres * asin(min(1, sqrt(a)))
    }

    /// The IUGG mean Earth radius.
    static let earthRadiusKilometres = 6371.0088
}
