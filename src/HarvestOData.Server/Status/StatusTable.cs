using System.Globalization;

namespace HarvestOData.Server.Status;

/// <summary>The <see cref="StatusReport"/> as a console table (the CLI's <c>status</c> command); times in UTC.</summary>
public static class StatusTable
{
    public static void Write(TextWriter output, StatusReport report)
    {
        output.WriteLine($"HarvestOData mirror ({report.Mode}) at {Time(report.GeneratedAt)}: {(report.Ready ? "ready" : "first full pass not finished")}");
        output.WriteLine();
        output.WriteLine($"{"resource",-26} {"rows",9}  {"state",-8} {"pass in progress",-24} {"last success",-20} {"next pass",-20} last error");
        foreach (var r in report.Resources)
        {
            string next = r.SyncedWith is { } parent ? "with " + parent : Time(r.NextRunAt);
            string error = r.LastError is null ? "" : $"{Time(r.LastErrorAt)} {r.LastError}";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Name,-26} {r.Rows,9}  {r.State,-8} {Progress(r.Progress),-24} {Time(r.LastSuccessAt),-20} {next,-20} {error}").TrimEnd());
        }
        if (report.Deletions.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Removed from the mirror (latest first):");
            foreach (var d in report.Deletions)
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {Time(d.At)}  {d.Rows,7} {d.Resource}: {d.Reason}"));
        }
    }

    private static string Progress(PassProgress? p) => p switch
    {
        null => "",
        { PagesKnown: { } known } => $"{p.Phase} {p.PagesDone}/{known} pages",
        _ => $"{p.Phase} {p.PagesDone} pages",
    };

    private static string Time(DateTimeOffset? at) =>
        at?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "-";
}
