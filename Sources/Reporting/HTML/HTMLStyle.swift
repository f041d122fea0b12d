/// The page's whole style sheet, inline: no font, image or script is fetched, so the page reads the
/// same offline, in a mail attachment, or years later in an archive.
enum HTMLStyle {
    static let css = """
        body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2330; margin: 0; background: #f6f7f9; }
        main { max-width: 1100px; margin: 0 auto; padding: 24px; }
        h1 { font-size: 24px; margin: 0 0 4px; }
        h2 { font-size: 18px; margin: 32px 0 8px; border-bottom: 1px solid #d8dce3; padding-bottom: 4px; }
        .muted { color: #5d6675; }
        .cards { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 16px; }
        .card { background: #fff; border: 1px solid #d8dce3; border-left-width: 6px; border-radius: 6px; padding: 8px 14px; min-width: 96px; }
        .card b { display: block; font-size: 22px; }
        table { border-collapse: collapse; width: 100%; background: #fff; }
        th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid #e5e8ee; vertical-align: top; }
        th { background: #eef0f4; font-weight: 600; }
        td.num, th.num { text-align: right; white-space: nowrap; }
        code { font: 12px ui-monospace, monospace; overflow-wrap: anywhere; }
        .status { font-weight: 600; white-space: nowrap; }
        .s-pass { color: #1a7f37; border-left-color: #1a7f37; }
        .s-fail, .s-error { color: #c62828; border-left-color: #c62828; }
        .s-stale, .s-missing { color: #9a6700; border-left-color: #bf8700; }
        .s-accepted { color: #0969a0; border-left-color: #0969a0; }
        .s-not_applicable { color: #6e7781; border-left-color: #afb8c1; }
        .bar { background: #e5e8ee; border-radius: 4px; height: 10px; width: 160px; display: inline-block; vertical-align: middle; }
        .bar span { display: block; height: 100%; border-radius: 4px; background: #1a7f37; }
        .chart { width: 100%; max-width: 720px; height: auto; background: #fff; border: 1px solid #d8dce3; border-radius: 6px; }
        .chart .grid { stroke: #e5e8ee; stroke-width: 1; }
        .chart .axis { fill: #5d6675; font-size: 11px; }
        .chart .trend { fill: none; stroke: #0969a0; stroke-width: 2; }
        .chart .point { fill: #0969a0; }
        ul.subjects { margin: 4px 0 0; padding-left: 18px; }
        """
}
