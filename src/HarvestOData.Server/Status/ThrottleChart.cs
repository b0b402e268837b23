using System.Globalization;
using System.Text;

namespace HarvestOData.Server.Status;

/// <summary>
/// The rate gate's use as a small inline SVG: one bar per window (calls let through), a dashed line at the limit, and
/// a red mark on windows where Harvest answered 429/503 and the gate held every call. The page's script updates the
/// same elements in place (<c>data-i</c>), with the same scale: the limit, or the busiest window if higher.
/// </summary>
public static class ThrottleChart
{
    public const int Width = 640;
    public const int Height = 130;
    private const int Top = 14;
    private const int Bottom = 18;

    public static string Render(ThrottleStatus throttle)
    {
        var windows = throttle.Windows;
        double plot = Height - Top - Bottom;
        double scale = Math.Max(throttle.Limit, windows.Count == 0 ? 0 : windows.Max(w => w.Calls));
        double slot = (double)Width / Math.Max(1, windows.Count);
        double limitY = Top + plot - plot * throttle.Limit / scale;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"""<svg id="throttle-chart" viewBox="0 0 {Width} {Height}" width="{Width}" height="{Height}" role="img" aria-label="Calls to Harvest per {throttle.WindowSeconds:0.##} s window against the limit of {throttle.Limit}" data-limit="{throttle.Limit}" data-top="{Top}" data-plot="{plot}">""");
        for (int i = 0; i < windows.Count; i++)
        {
            var w = windows[i];
            double height = plot * w.Calls / scale;
            string label = $"{w.Start:HH:mm:ss} UTC: {w.Calls} calls" + (w.Throttles > 0 ? $", {w.Throttles} throttle answer(s)" : "");
            svg.Append(CultureInfo.InvariantCulture,
                $"""<rect class="bar" data-i="{i}" x="{i * slot + 1:0.##}" y="{Top + plot - height:0.##}" width="{slot - 2:0.##}" height="{height:0.##}"><title>{label}</title></rect>""");
            svg.Append(CultureInfo.InvariantCulture,
                $"""<circle class="throttled" data-i="{i}" cx="{i * slot + slot / 2:0.##}" cy="{Top - 6}" r="4"{(w.Throttles > 0 ? "" : " visibility=\"hidden\"")}></circle>""");
        }
        svg.Append(CultureInfo.InvariantCulture, $"""<line class="limit" x1="0" x2="{Width}" y1="{limitY:0.##}" y2="{limitY:0.##}"></line>""");
        svg.Append(CultureInfo.InvariantCulture, $"""<text class="axis" x="{Width - 4}" y="{limitY - 3:0.##}" text-anchor="end">limit {throttle.Limit} / {throttle.WindowSeconds:0.##} s</text>""");
        var span = TimeSpan.FromSeconds(throttle.WindowSeconds * windows.Count);
        svg.Append(CultureInfo.InvariantCulture, $"""<text class="axis" x="2" y="{Height - 4}">−{Span(span)}</text>""");
        svg.Append(CultureInfo.InvariantCulture, $"""<text class="axis" x="{Width - 2}" y="{Height - 4}" text-anchor="end">now</text>""");
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string Span(TimeSpan span) =>
        span.TotalMinutes >= 2 ? $"{span.TotalMinutes:0} min" : $"{span.TotalSeconds:0} s";
}
