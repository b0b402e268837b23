using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;

namespace HarvestOData.Server.Status;

/// <summary>
/// Renders a <see cref="StatusReport"/> as one self-contained HTML page (inline CSS and script from
/// <c>status.css</c>/<c>status.js</c>, no CDN, no framework). The page is complete without script; the script refreshes
/// the cells marked <c>data-field</c> from <c>GET /status</c> every two seconds and drives the buttons.
/// </summary>
public static class StatusPage
{
    private static readonly string Style = Asset("status.css");
    private static readonly string Script = Asset("status.js");

    public static string Render(StatusReport report)
    {
        var html = new StringBuilder(32_000);
        Head(html, "HarvestOData status");
        html.Append("<header><h1>HarvestOData</h1>")
            .Append(CultureInfo.InvariantCulture, $"""<span class="mode">{(report.Mode == "sandbox" ? "sandbox mode (demo data)" : "mirroring Harvest")}</span>""")
            .Append(CultureInfo.InvariantCulture, $"""<span id="ready" class="badge {(report.Ready ? "ok" : "waiting")}">{(report.Ready ? "ready" : "first pass running")}</span>""")
            .Append("""<span class="generated">updated <span id="generated">""").Append(Time(report.GeneratedAt)).Append("</span></span>");
        if (report.Links?.Jobs is { } jobs)
            html.Append(CultureInfo.InvariantCulture, $"""<a id="jobs" class="jobs" href="{E(jobs)}" title="Hangfire's dashboard: every job run, failures with their reasons, Trigger now">Jobs (Hangfire dashboard)</a>""");
        html.Append("</header><main>");
        Connect(html, report.Links);
        Resources(html, report.Resources);
        html.Append("""<div class="columns">""");
        Throttle(html, report.Throttle);
        Deletions(html, report.Deletions);
        html.Append("</div></main>");
        html.Append("<script>").Append(Script).Append("</script></body></html>");
        return html.ToString();
    }

    /// <summary>A short page for a refused request (401/403/503): what happened and what to do.</summary>
    public static string Refusal(string title, string message)
    {
        var html = new StringBuilder();
        Head(html, title);
        html.Append(CultureInfo.InvariantCulture, $"""<main class="refusal"><h1>{E(title)}</h1><p>{E(message)}</p></main></body></html>""");
        return html.ToString();
    }

    private static void Head(StringBuilder html, string title) =>
        html.Append("""<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">""")
            .Append(CultureInfo.InvariantCulture, $"<title>{E(title)}</title><style>{Style}</style></head><body>");

    private static void Connect(StringBuilder html, StatusLinks? links)
    {
        if (links is null)
            return;
        html.Append("""<section class="connect"><h2>Connect</h2><p>OData feed for Excel (<em>Data › Get Data › From OData Feed</em>) and Power BI — sign in with <em>Basic</em>: any user name, your Harvest personal access token as password.</p>""")
            .Append(CultureInfo.InvariantCulture, $"""<div class="url"><input id="odata-url" type="text" readonly value="{E(links.Feed)}" aria-label="OData feed URL"><button id="copy-url" type="button">Copy</button><span id="copied" aria-live="polite"></span></div>""")
            .Append(CultureInfo.InvariantCulture, $"""<p class="links"><a href="{E(links.Metadata)}">$metadata</a> · <a href="{E(links.Connector)}" download>Power Query connector (HarvestOData.mez)</a></p></section>""");
    }

    private static void Resources(StringBuilder html, IReadOnlyList<ResourceStatus> resources)
    {
        html.Append("""<section><h2>Mirror</h2><table id="resources"><thead><tr><th>Resource</th><th class="num">Rows</th><th>State</th><th>Pass in progress</th><th>Last success</th><th>Next pass</th><th>Deletion check</th><th>Last error</th><th></th></tr></thead><tbody>""");
        foreach (var r in resources)
        {
            html.Append(CultureInfo.InvariantCulture, $"""<tr data-resource="{E(r.Name)}" class="state-{r.State}">""")
                .Append(CultureInfo.InvariantCulture, $"""<td><span class="name">{E(r.Name)}</span><small>{E(r.EntitySet)}</small></td>""")
                .Append(CultureInfo.InvariantCulture, $"""<td class="num" data-field="rows">{r.Rows:N0}</td>""")
                .Append(CultureInfo.InvariantCulture, $"""<td data-field="state"><span class="pill">{r.State}</span></td>""")
                .Append("""<td data-field="progress">""").Append(Progress(r.Progress)).Append("</td>")
                .Append("""<td data-field="last-success">""").Append(Time(r.LastSuccessAt)).Append(Small(r.LastPass)).Append("</td>")
                .Append("""<td data-field="next-run">""").Append(r.SyncedWith is null ? Time(r.NextRunAt) : Small("with " + r.SyncedWith)).Append("</td>")
                .Append("""<td data-field="reconcile">""").Append(Time(r.LastReconcileAt))
                .Append(Small(r.LastReconcileDeleted is { } d ? $"{d:N0} removed" : null)).Append("</td>")
                .Append("""<td data-field="last-error" class="error">""");
            if (r.LastError is not null)
                html.Append(CultureInfo.InvariantCulture, $"""<span title="{E(r.LastError)}">{E(Shorten(r.LastError))}</span> """).Append(Time(r.LastErrorAt));
            html.Append("</td><td>");
            if (r.SyncedWith is null)
                html.Append(CultureInfo.InvariantCulture, $"""<button type="button" class="sync-now" data-resource="{E(r.Name)}">Sync now</button>""");
            html.Append("</td></tr>");
        }
        html.Append("</tbody></table></section>");
    }

    private static string Progress(PassProgress? p)
    {
        if (p is null)
            return "";
        string bar = p.PagesKnown is > 0 and var known
            ? $"""<progress max="{known}" value="{Math.Min(p.PagesDone, known)}"></progress>"""
            : "<progress></progress>";
        string pages = p.PagesKnown is { } total ? $"{p.PagesDone}/{total} pages" : $"{p.PagesDone} pages";
        return $"""{bar}<small>{E(p.Phase)} · {pages} · {p.Changed:N0} changed</small>""";
    }

    private static void Throttle(StringBuilder html, ThrottleStatus? throttle)
    {
        html.Append("""<section id="throttle"><h2>Harvest rate limit</h2>""");
        if (throttle is null)
        {
            html.Append("<p>No calls to Harvest from this process yet.</p></section>");
            return;
        }
        html.Append(ThrottleChart.Render(throttle))
            .Append(CultureInfo.InvariantCulture, $"""<p data-field="throttle-summary">{ThrottleSummary(throttle)}</p></section>""");
    }

    private static string ThrottleSummary(ThrottleStatus t) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{t.Calls:N0} calls in the last {t.Windows.Count * t.WindowSeconds / 60:0.#} min · {t.Throttles:N0} throttle answers honoured · limit {t.Limit} per {t.WindowSeconds:0.##} s")
        + (t.BlockedUntil is { } until ? " · holding every call until " + Time(until) : "");

    private static void Deletions(StringBuilder html, IReadOnlyList<DeletionEntry> deletions)
    {
        html.Append("""<section id="deletions"><h2>Removed from the mirror</h2><ul data-field="deletions">""");
        foreach (var d in deletions)
            html.Append(CultureInfo.InvariantCulture, $"""<li>{Time(d.At)} <b>{d.Rows:N0}</b> {E(d.Resource)} <small>{E(d.Reason)}</small></li>""");
        if (deletions.Count == 0)
            html.Append("""<li class="none">Nothing removed yet: deletion checks have found no rows Harvest no longer has.</li>""");
        html.Append("</ul></section>");
    }

    private static string Time(DateTimeOffset? at) => at is { } t
        ? $"""<time datetime="{t.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}">{t.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC</time>"""
        : """<span class="none">—</span>""";

    private static string Small(string? text) => text is null ? "" : $"<small>{E(text)}</small>";

    private static string Shorten(string text) => text.Length <= 90 ? text : text[..87] + "…";

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Asset(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("HarvestOData.Status." + name)
            ?? throw new InvalidOperationException($"The status page asset {name} is not embedded in the server.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
