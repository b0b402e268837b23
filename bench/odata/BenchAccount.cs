using System.Diagnostics;
using System.Globalization;
using HarvestOData.Sandbox;

namespace HarvestOData.Bench.OData;

/// <summary>
/// The bench's Harvest account: the sandbox generator's (seed 42) as it stood at 18:00 UTC yesterday, its clock running
/// on from there. The generator dates every row from its clock, so an account generated at another time is another
/// account; pinning the clock to the day lets every run of a day regenerate exactly the account the kept mirrors
/// (bench/out) hold. 18:00 is after the generator's working day (entries are created from 09:00 to 17:00 and touched
/// within ten minutes): a clock inside it stamps all the day's later entries with its own second (midnight gave 1,853
/// time entries one updated_at), and the sync's overlap re-reads them on every pass.
/// A kept mirror that differs from the sandbox (built another day, or changed after it was built) is rebuilt:
/// otherwise the server's sync catches up during the measured rounds, and a mirror holding rows newer than the
/// sandbox's never settles (one PostgreSQL phase upserted 20,268 rows while it measured).
/// </summary>
internal static class BenchAccount
{
    /// <summary>Rows and newest <c>updated_at</c> (Unix seconds) of the mirror's time entries, on SQLite.</summary>
    public const string SqliteFingerprint = "SELECT count(*) || ' ' || coalesce(unixepoch(max(updated_at)), 0) FROM time_entries";

    /// <summary>The same on PostgreSQL.</summary>
    public const string PostgresFingerprint = "SELECT count(*) || ' ' || coalesce(extract(epoch FROM max(updated_at))::bigint, 0) FROM time_entries";

    public static HarvestSandbox Generate(int timeEntries) =>
        new(new SandboxOptions { TimeEntries = timeEntries, RateLimitRequests = 1000, RateLimitWindowSeconds = 1 },
            new RunningClock(new DateTimeOffset(DateTime.UtcNow.Date.AddHours(-6), TimeSpan.Zero)));

    /// <summary>The settings that point a mirror at <paramref name="sandbox"/> (served at <paramref name="baseUrl"/>) and store it in the given database.</summary>
    public static Dictionary<string, string> Settings(HarvestSandbox sandbox, Uri baseUrl, string provider, string connectionString) => new()
    {
        ["Harvest:BaseUrl"] = baseUrl.ToString(),
        ["Harvest:AccountId"] = sandbox.AccountId,
        ["Harvest:Token"] = sandbox.Administrator.Token,
        ["Harvest:RateLimit:Requests"] = sandbox.Options.RateLimitRequests.ToString(CultureInfo.InvariantCulture),
        ["Harvest:RateLimit:WindowSeconds"] = sandbox.Options.RateLimitWindowSeconds.ToString(CultureInfo.InvariantCulture),
        ["Mirror:Provider"] = provider,
        ["Mirror:ConnectionString"] = connectionString,
    };

    /// <summary>What <see cref="SqliteFingerprint"/> and <see cref="PostgresFingerprint"/> answer for a mirror equal to <paramref name="sandbox"/>.</summary>
    public static string Fingerprint(HarvestSandbox sandbox)
    {
        var rows = sandbox.Data.Rows("time_entries");
        long newest = rows.Count == 0 ? 0 : rows.Max(r => r.UpdatedAt!.Value.ToUnixTimeSeconds());
        return string.Create(CultureInfo.InvariantCulture, $"{rows.Count} {newest}");
    }

    /// <summary>Real time, shifted to start at a given instant.</summary>
    private sealed class RunningClock(DateTimeOffset start) : TimeProvider
    {
        private readonly long _started = Stopwatch.GetTimestamp();

        public override DateTimeOffset GetUtcNow() => start + Stopwatch.GetElapsedTime(_started);
    }
}
