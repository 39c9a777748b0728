using System.Globalization;
using System.Net;
using System.Text;
using CardBridge.Service.Observability;

namespace CardBridge.Service.StatusPage;

/// <summary>
/// Renders a <see cref="StatusReport"/> as one self-contained, read-only HTML page: inline CSS, an inline SVG latency
/// chart, no script and nothing fetched from elsewhere; the browser reloads it every few seconds.
/// </summary>
internal static class StatusHtml
{
    public const int RefreshSeconds = 5;

    private const int ChartWidth = 720;
    private const int ChartHeight = 200;
    private const int ChartMargin = 36;
    private const int ChartLeft = 80;

    public static string Render(StatusReport report)
    {
        var html = new StringBuilder(8 * 1024);
        html.Append(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="{RefreshSeconds}">
            <title>CardBridge status</title>
            <style>
            body{"{"}font:14px system-ui,sans-serif;margin:24px;color:#222;background:#fafafa{"}"}
            h1{"{"}font-size:20px{"}"} h2{"{"}font-size:16px;margin-top:24px{"}"}
            table{"{"}border-collapse:collapse;min-width:360px{"}"} td,th{"{"}border:1px solid #ccc;padding:4px 8px;text-align:left{"}"}
            th{"{"}background:#eee{"}"} .ok{"{"}color:#176c2b{"}"} .bad{"{"}color:#a11{"}"} .muted{"{"}color:#777{"}"}
            svg{"{"}background:#fff;border:1px solid #ccc{"}"}
            </style></head><body>
            <h1>CardBridge status</h1>
            <p class="muted">{Time(report.At)}{(report.Simulated ? " · simulator mode" : "")} · reloads every {RefreshSeconds} s</p>
            """);
        Section(html, "Readers", ["Reader", "State"], report.Readers.Select(r => new[] { r.Name, r.State }));
        if (report.Psam is { } psam)
        {
            Section(html, "PSAM", ["Reader", "State", "Last fault"], [[psam.Reader, psam.State, psam.Fault ?? ""]]);
        }
        Section(html, "Live sessions", ["Reader", "Card", "Card number", "Pre-read", "Since"],
            report.Sessions.Select(s => new[] { s.Reader, s.Generation, s.CardNumberMasked, s.IdentityRead, Time(s.ReadAt) }));
        Section(html, "Scanners", ["Scanner", "State"], report.Scanners.Select(s => new[] { s.Name, s.Connected ? "connected" : "disconnected" }));
        html.Append("<h2>Centre and journal</h2><table>");
        Row(html, "th", ["Centre", "Since", "Journal pending", "Oldest pending", "Uploaded", "Rejected"]);
        Row(html, "td", [
            report.Centre.State,
            report.Centre.Since is { } since ? Time(since) : "start",
            report.Journal.Pending.ToString(CultureInfo.InvariantCulture),
            report.Journal.OldestPendingSeconds is { } age ? string.Create(CultureInfo.InvariantCulture, $"{age:0} s") : "-",
            report.Journal.Uploaded.ToString(CultureInfo.InvariantCulture),
            report.Journal.Rejected.ToString(CultureInfo.InvariantCulture),
        ]);
        html.Append("</table>");
        if (report.Hsm is { } hsm)
        {
            html.Append("<h2>HSM platform</h2><table>");
            Row(html, "th", ["State", "Since", "Last answer", "Last failure", "Why"]);
            Row(html, "td", [
                hsm.State,
                hsm.Since is { } changed ? Time(changed) : "start",
                hsm.LastSuccessAt is { } answered ? Time(answered) : "-",
                hsm.LastFailureAt is { } failed ? Time(failed) : "-",
                hsm.LastFailure ?? "-",
            ]);
            html.Append("</table>");
        }
        if (report.RiderLists is { } riderLists)
        {
            Section(html, "Rider lists", ["List", "Version", "Entries", "Synced", "Age"], riderLists.Lists.Select(l => new[]
            {
                l.Name, l.Version, l.Entries.ToString(CultureInfo.InvariantCulture), Time(l.SyncedAt), string.Create(CultureInfo.InvariantCulture, $"{l.AgeSeconds:0} s"),
            }));
            var sync = riderLists.LastSync is null
                ? riderLists.SyncEnabled ? "not yet" : "off"
                : $"{riderLists.LastSync} at {Time(riderLists.LastSyncAt!.Value)}";
            html.Append("<p>Last sync with the centre: <span class=\"").Append(riderLists.LastSync is null or "ok" ? "ok" : "bad").Append("\">")
                .Append(Encode(sync)).Append("</span></p>");
        }
        Section(html, "Recent errors", ["When", "Call", "Reason"], report.RecentErrors.Select(e => new[] { Time(e.At), e.Rpc, e.Reason }));
        html.Append("<h2>APDU latency</h2>");
        Chart(html, report.Latency);
        Section(html, "By reader and instruction", ["Reader", "INS", "APDUs", "Mean ms", "Max ms"],
            report.Latency.GroupBy(s => (s.Reader, s.Instruction)).OrderBy(g => g.Key.Reader, StringComparer.Ordinal).ThenBy(g => g.Key.Instruction, StringComparer.Ordinal)
                .Select(g => new[] { g.Key.Reader, g.Key.Instruction, g.Count().ToString(CultureInfo.InvariantCulture), Ms(g.Average(s => s.Milliseconds)), Ms(g.Max(s => s.Milliseconds)) }));
        html.Append("</body></html>");
        return html.ToString();
    }

    private static void Section(StringBuilder html, string title, string[] headings, IEnumerable<string[]> rows)
    {
        html.Append("<h2>").Append(Encode(title)).Append("</h2>");
        var list = rows.ToList();
        if (list.Count == 0)
        {
            html.Append("<p class=\"muted\">none</p>");
            return;
        }
        html.Append("<table>");
        Row(html, "th", headings);
        foreach (var row in list)
        {
            Row(html, "td", row);
        }
        html.Append("</table>");
    }

    private static void Row(StringBuilder html, string cell, IEnumerable<string> values)
    {
        html.Append("<tr>");
        foreach (var value in values)
        {
            html.Append('<').Append(cell).Append('>').Append(Encode(value)).Append("</").Append(cell).Append('>');
        }
        html.Append("</tr>");
    }

    // A polyline of the last round trips (oldest left), the y axis from 0 to the slowest, with its scale written on it.
    private static void Chart(StringBuilder html, IReadOnlyList<ApduSample> samples)
    {
        if (samples.Count == 0)
        {
            html.Append("<p class=\"muted\">no APDU yet</p>");
            return;
        }
        var max = Math.Max(samples.Max(s => s.Milliseconds), 0.001);
        var plotWidth = ChartWidth - ChartLeft - ChartMargin;
        var plotHeight = ChartHeight - 2 * ChartMargin;
        var step = samples.Count > 1 ? (double)plotWidth / (samples.Count - 1) : 0;
        var points = string.Join(' ', samples.Select((s, i) => string.Create(CultureInfo.InvariantCulture,
            $"{ChartLeft + i * step:0.#},{ChartMargin + plotHeight - s.Milliseconds / max * plotHeight:0.#}")));
        html.Append(CultureInfo.InvariantCulture, $"""
            <svg xmlns="http://www.w3.org/2000/svg" width="{ChartWidth}" height="{ChartHeight}" role="img" aria-label="APDU latency, last {samples.Count} APDUs">
            <line x1="{ChartLeft}" y1="{ChartMargin + plotHeight}" x2="{ChartLeft + plotWidth}" y2="{ChartMargin + plotHeight}" stroke="#999"/>
            <line x1="{ChartLeft}" y1="{ChartMargin}" x2="{ChartLeft}" y2="{ChartMargin + plotHeight}" stroke="#999"/>
            <text x="4" y="{ChartMargin + 4}" font-size="11">{Ms(max)} ms</text>
            <text x="4" y="{ChartMargin + plotHeight + 4}" font-size="11">0</text>
            <text x="{ChartLeft}" y="{ChartHeight - 10}" font-size="11">last {samples.Count} APDUs, oldest left</text>
            <polyline fill="none" stroke="#1f6feb" stroke-width="1.5" points="{points}"/>
            </svg>
            """);
    }

    private static string Ms(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static string Encode(string value) => WebUtility.HtmlEncode(value);
}
