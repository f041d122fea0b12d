/// Network Perspectives by code: what an MPIC result does not carry (RIR, location), so that
/// BR 3.2.2.9's RIR and 500 km rules can be recomputed from the codes alone.
///
/// Vigil ships ``standard``, the AWS regions Open MPIC deploys to; `vigil.yaml`'s
/// `perspective_catalogue: FILE` replaces it (see ``PerspectiveCatalogueFile``).
public struct PerspectiveCatalogue: Sendable, Hashable {
    /// Lowercase code → perspective.
    public let perspectives: [String: NetworkPerspective]
    /// Where the table came from, for reasons (`built-in`, or the file's path).
    public let origin: String

    public init(_ perspectives: [NetworkPerspective], origin: String) {
        self.perspectives = Dictionary(perspectives.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        self.origin = origin
    }

    /// The perspective named `code`, in any case.
    public func perspective(_ code: String) -> NetworkPerspective? { perspectives[code.lowercased()] }

    /// Every AWS region Open MPIC's region configuration lists (open-mpic-core
    /// `resources/test_region_config.yaml`), at the well-known coordinates of the region's city.
    ///
    /// Open MPIC's own `too_close_codes` are coarser than 500 km by the great circle: Dublin–London
    /// (463 km), Singapore–Kuala Lumpur (309 km), Frankfurt–Paris (478 km) and Zurich–Paris (488 km)
    /// are closer than 500 km here although Open MPIC lists them as distinct.
    public static let standard = PerspectiveCatalogue(
        [
            .init(code: "af-south-1", rir: .afrinic, latitude: -33.9249, longitude: 18.4241, name: "Africa (Cape Town)"),
            .init(code: "ap-east-1", rir: .apnic, latitude: 22.3193, longitude: 114.1694, name: "Asia Pacific (Hong Kong)"),
            .init(code: "ap-northeast-1", rir: .apnic, latitude: 35.6762, longitude: 139.6503, name: "Asia Pacific (Tokyo)"),
            .init(code: "ap-northeast-2", rir: .apnic, latitude: 37.5665, longitude: 126.9780, name: "Asia Pacific (Seoul)"),
            .init(code: "ap-northeast-3", rir: .apnic, latitude: 34.6937, longitude: 135.5023, name: "Asia Pacific (Osaka)"),
            .init(code: "ap-south-1", rir: .apnic, latitude: 19.0760, longitude: 72.8777, name: "Asia Pacific (Mumbai)"),
            .init(code: "ap-south-2", rir: .apnic, latitude: 17.3850, longitude: 78.4867, name: "Asia Pacific (Hyderabad)"),
            .init(code: "ap-southeast-1", rir: .apnic, latitude: 1.3521, longitude: 103.8198, name: "Asia Pacific (Singapore)"),
            .init(code: "ap-southeast-2", rir: .apnic, latitude: -33.8688, longitude: 151.2093, name: "Asia Pacific (Sydney)"),
            .init(code: "ap-southeast-3", rir: .apnic, latitude: -6.2088, longitude: 106.8456, name: "Asia Pacific (Jakarta)"),
            .init(code: "ap-southeast-4", rir: .apnic, latitude: -37.8136, longitude: 144.9631, name: "Asia Pacific (Melbourne)"),
            .init(code: "ap-southeast-5", rir: .apnic, latitude: 3.1390, longitude: 101.6869, name: "Asia Pacific (Malaysia)"),
            .init(code: "ca-central-1", rir: .arin, latitude: 45.5017, longitude: -73.5673, name: "Canada (Central)"),
            .init(code: "ca-west-1", rir: .arin, latitude: 51.0447, longitude: -114.0719, name: "Canada West (Calgary)"),
            .init(code: "eu-central-1", rir: .ripeNCC, latitude: 50.1109, longitude: 8.6821, name: "Europe (Frankfurt)"),
            .init(code: "eu-central-2", rir: .ripeNCC, latitude: 47.3769, longitude: 8.5417, name: "Europe (Zurich)"),
            .init(code: "eu-north-1", rir: .ripeNCC, latitude: 59.3293, longitude: 18.0686, name: "Europe (Stockholm)"),
            .init(code: "eu-south-1", rir: .ripeNCC, latitude: 45.4642, longitude: 9.1900, name: "Europe (Milan)"),
            .init(code: "eu-south-2", rir: .ripeNCC, latitude: 41.6488, longitude: -0.8891, name: "Europe (Spain)"),
            .init(code: "eu-west-1", rir: .ripeNCC, latitude: 53.3498, longitude: -6.2603, name: "Europe (Ireland)"),
            .init(code: "eu-west-2", rir: .ripeNCC, latitude: 51.5074, longitude: -0.1278, name: "Europe (London)"),
            .init(code: "eu-west-3", rir: .ripeNCC, latitude: 48.8566, longitude: 2.3522, name: "Europe (Paris)"),
            .init(code: "il-central-1", rir: .ripeNCC, latitude: 32.0853, longitude: 34.7818, name: "Israel (Tel Aviv)"),
            .init(code: "me-central-1", rir: .ripeNCC, latitude: 25.2048, longitude: 55.2708, name: "Middle East (UAE)"),
            .init(code: "me-south-1", rir: .ripeNCC, latitude: 26.2285, longitude: 50.5860, name: "Middle East (Bahrain)"),
            .init(code: "sa-east-1", rir: .lacnic, latitude: -23.5505, longitude: -46.6333, name: "South America (São Paulo)"),
            .init(code: "us-east-1", rir: .arin, latitude: 39.0438, longitude: -77.4874, name: "US East (N. Virginia)"),
            .init(code: "us-east-2", rir: .arin, latitude: 39.9612, longitude: -82.9988, name: "US East (Ohio)"),
            .init(code: "us-west-1", rir: .arin, latitude: 37.7749, longitude: -122.4194, name: "US West (N. California)"),
            .init(code: "us-west-2", rir: .arin, latitude: 45.5152, longitude: -122.6784, name: "US West (Oregon)"),
        ], origin: "built-in")
}
