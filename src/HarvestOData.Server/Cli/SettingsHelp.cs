using System.Globalization;
using System.Text;
using HarvestOData.Harvest;
using HarvestOData.Harvest.RateLimiting;
using HarvestOData.Mirror;
using HarvestOData.Server.OData.Routing;

namespace HarvestOData.Server.Cli;

/// <summary>
/// The settings <c>--help</c> explains. Defaults are read from the options classes, the one place they are written
/// (appsettings.json does not repeat them; the README's table is checked against these by a test).
/// </summary>
public static class SettingsHelp
{
    private sealed record Setting(string Key, string Meaning, string? Default = null);

    private static IEnumerable<Setting> All()
    {
        var harvest = new HarvestOptions();
        var rateLimit = new RateLimitOptions();
        var mirror = new MirrorOptions();
        var sync = new SyncOptions();
        var odata = new ODataOptions();
        yield return new("Harvest:Token", "an administrator's personal access token for the sync jobs; empty = sandbox mode\n" +
                                          "(an embedded Harvest with demo data; its demo tokens are printed at start)");
        yield return new("Harvest:AccountId", "the Harvest account id (sent as Harvest-Account-Id)");
        yield return new("Harvest:BaseUrl", "API root", harvest.BaseUrl);
        yield return new("Harvest:RateLimit:Requests", "calls allowed per window", Text(rateLimit.Requests));
        yield return new("Harvest:RateLimit:WindowSeconds", "the throttle window", Text(rateLimit.WindowSeconds));
        yield return new("Mirror:Provider", "the store: sqlite (one file, one node) or postgres (one database, one or several nodes)", mirror.Provider);
        yield return new("Mirror:ConnectionString", "the mirror file, or an Npgsql connection string", mirror.ConnectionString);
        yield return new("Sync:Interval", "delay between incremental passes of a resource", sync.Interval.ToString());
        yield return new("Sync:ReconcileInterval", "delay between deletion checks of a resource", sync.ReconcileInterval.ToString());
        yield return new("OData:PageSize", "rows per page before @odata.nextLink", Text(odata.PageSize));
        // Logging's default level is ASP.NET Core's own (appsettings.json sets the framework categories quieter).
        yield return new("Logging:LogLevel:Default", "log level; logs are one line per event on the console", "Information");
        yield return new("--urls", "where to listen", ServerUrls.Default);
    }

    /// <summary>One line per setting (continuation lines indented), e.g. <c>  OData:PageSize   rows per page … (default 5000)</c>.</summary>
    public static string Text()
    {
        const int keyWidth = 34;
        var text = new StringBuilder();
        foreach (var setting in All())
        {
            string meaning = setting.Default is null ? setting.Meaning : $"{setting.Meaning} (default {setting.Default})";
            var lines = meaning.Split('\n');
            text.Append("  ").Append(setting.Key.PadRight(keyWidth - 2)).Append(setting.Key.Length >= keyWidth - 2 ? " " : "").Append(lines[0]).Append('\n');
            foreach (string line in lines.Skip(1))
                text.Append(' ', keyWidth).Append(line).Append('\n');
        }
        return text.ToString().TrimEnd('\n');
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);
}
