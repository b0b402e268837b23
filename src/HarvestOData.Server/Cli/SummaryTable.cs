using System.Globalization;
using HarvestOData.Mirror.Sync;

namespace HarvestOData.Server.Cli;

/// <summary>The table <c>sync --once</c> ends with: per resource what the pass did and how the mirror compares with Harvest.</summary>
public static class SummaryTable
{
    public static void Write(TextWriter output, SyncRunReport report)
    {
        output.WriteLine();
        output.WriteLine($"{"resource",-26} {"pass",-11} {"calls",6} {"changed",8} {"deleted",8} {"mirror",8} {"harvest",8}  result");
        foreach (var pass in report.Passes)
        {
            var check = report.Verifications.FirstOrDefault(v => v.Resource == pass.Resource);
            string result = pass.Outcome switch
            {
                PassOutcome.Failed => "FAILED: " + pass.Error,
                PassOutcome.Skipped => "SKIPPED: " + pass.Error,
                _ when check is { Matches: false } => "DIFFERS: " + check.Note,
                _ => check?.Note ?? "ok",
            };
            output.WriteLine($"{pass.Resource,-26} {pass.Kind,-11} {pass.Calls,6} {pass.Changed,8} {pass.Deleted,8} {Number(check?.Mirror ?? pass.Rows),8} {Number(check?.Harvest),8}  {result}");
        }
        output.WriteLine($"{report.Passes.Sum(p => p.Calls)} calls in {report.Elapsed.TotalSeconds:0.0} s.");
    }

    private static string Number(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "-";
}
