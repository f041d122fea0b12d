import EvidenceModel
import Foundation

/// Compliance over time as an inline SVG line chart: the share of applicable controls that pass or
/// are accepted, at each evaluated instant. Drawn by hand so the page needs nothing from the network.
struct ComplianceChart {
    static let width = 720.0
    static let height = 220.0
    /// Room for the axis labels.
    static let left = 48.0, right = 16.0, top = 16.0, bottom = 36.0

    /// Points with no applicable control have no ratio and are left out.
    let points: [(at: Date, ratio: Double, snapshot: ComplianceSnapshot)]

    init(_ snapshots: [ComplianceSnapshot]) {
        points = snapshots.sorted { $0.at < $1.at }.compactMap { s in s.complianceRatio.map { (s.at, $0, s) } }
    }

    func svg() -> String {
        guard let first = points.first, let last = points.last else {
            return "<p class=\"muted\">No evaluated instant has an applicable control to chart.</p>"
        }
        let span = last.at.timeIntervalSince(first.at)
        let plotWidth = Self.width - Self.left - Self.right
        let plotHeight = Self.height - Self.top - Self.bottom
        func x(_ date: Date) -> Double {
            span <= 0 ? Self.left + plotWidth / 2 : Self.left + plotWidth * date.timeIntervalSince(first.at) / span
        }
        func y(_ ratio: Double) -> Double { Self.top + plotHeight * (1 - ratio) }

        var parts = [
            "<svg class=\"chart\" viewBox=\"0 0 \(n(Self.width)) \(n(Self.height))\" role=\"img\" "
                + "aria-label=\"Compliance over time, \(points.count) evaluations\">"
        ]
        for ratio in [0.0, 0.5, 1.0] {
            parts.append("<line class=\"grid\" x1=\"\(n(Self.left))\" y1=\"\(n(y(ratio)))\" x2=\"\(n(Self.width - Self.right))\" y2=\"\(n(y(ratio)))\"/>")
            parts.append("<text class=\"axis\" x=\"\(n(Self.left - 6))\" y=\"\(n(y(ratio) + 4))\" text-anchor=\"end\">\(Int(ratio * 100))%</text>")
        }
        let labelY = n(Self.height - Self.bottom + 20)
        parts.append("<text class=\"axis\" x=\"\(n(x(first.at)))\" y=\"\(labelY)\" text-anchor=\"\(span <= 0 ? "middle" : "start")\">\(day(first.at))</text>")
        if span > 0 {
            parts.append("<text class=\"axis\" x=\"\(n(x(last.at)))\" y=\"\(labelY)\" text-anchor=\"end\">\(day(last.at))</text>")
            let line = points.map { "\(n(x($0.at))),\(n(y($0.ratio)))" }.joined(separator: " ")
            parts.append("<polyline class=\"trend\" points=\"\(line)\"/>")
        }
        for point in points {
            let s = point.snapshot
            let tip = "\(Timestamp.format(point.at)): \(s.compliant) of \(s.applicable) controls compliant (\(percent(point.ratio)))"
            parts.append("<circle class=\"point\" cx=\"\(n(x(point.at)))\" cy=\"\(n(y(point.ratio)))\" r=\"4\"><title>\(Markup.escape(tip))</title></circle>")
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    /// Coordinates with one decimal, the same on every platform.
    private func n(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(format: "%.1f", rounded)
    }

    private func day(_ date: Date) -> String { String(Timestamp.format(date).prefix(10)) }

    func percent(_ ratio: Double) -> String { "\(Int((ratio * 100).rounded()))%" }
}
