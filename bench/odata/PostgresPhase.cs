using System.Diagnostics;
using HarvestOData.Mirror.Store;
using HarvestOData.Sandbox;
using HarvestOData.Testing;

namespace HarvestOData.Bench.OData;

/// <summary>
/// <c>--postgres</c>: the same account mirrored by the sync engine into a PostgreSQL database of a private cluster
/// (initdb + pg_ctl on a free loopback port), served by a second server process with <c>Mirror:Provider=postgres</c>,
/// and measured round by round against <c>psql</c> printing the same query unaligned to /dev/null: the full read
/// (bar ≥ 0.5 × psql's rows/s) and the two folded queries of the SQLite phase (bar ≤ 1.5 × psql's time).
/// </summary>
internal static class PostgresPhase
{
    /// <param name="fingerprint">What <see cref="BenchAccount.Fingerprint"/> answered for <paramref name="sandbox"/> (it reads every time entry).</param>
    public static async Task RunAsync(HarvestSandbox sandbox, string fingerprint, SandboxHost harvest, HttpClient http, BenchSettings settings, BenchResults results,
        TextWriter log, (string Window, string WindowSql, string Apply) queries)
    {
        // Kept in bench/out like the SQLite mirror: building it takes minutes.
        var cluster = PostgresCluster.Kept(Path.Combine(settings.OutDir, "postgres"));
        string database = $"bench_odata_{settings.Rows}";
        string connectionString = cluster.ConnectionString(database);
        string kept = cluster.HasDatabase(database)
            ? cluster.Psql(database, "SELECT CASE WHEN to_regclass('time_entries') IS NULL THEN 'none' ELSE (" + BenchAccount.PostgresFingerprint + ") END")
            : "none";
        if (!settings.Rebuild && kept == fingerprint)
        {
            log.WriteLine($"  reusing PostgreSQL database {database} in {cluster.Folder}: it holds this account (--rebuild to rebuild)");
        }
        else
        {
            log.WriteLine($"  building PostgreSQL database {database} in {cluster.Folder} (kept: {kept})");
            cluster.Psql("postgres", $"DROP DATABASE IF EXISTS \"{database}\"");
            cluster.Psql("postgres", $"CREATE DATABASE \"{database}\"");
            await MirrorBuilder.BuildAsync(sandbox, MirrorDialect.PostgresProvider, connectionString, log);
        }
        string token = sandbox.Administrator.Token;
        await using var server = await ServerProcess.StartOursAsync(settings, harvest, sandbox, MirrorDialect.PostgresProvider, connectionString,
            BenchSettings.RoundsSyncInterval, http, "server on postgres");
        log.WriteLine($"  server on PostgreSQL pid {server.Pid} at {server.Root}");
        log.WriteLine($"  its start-up sync settled ({await server.WaitForSyncAsync(http, token)} rows changed)");

        var etag = "{\"@odata.etag\""u8.ToArray();
        string windowSql = queries.WindowSql;
        const string applySql = "SELECT project_id, COALESCE(sum(hours), 0) FROM time_entries GROUP BY project_id ORDER BY project_id";
        for (int round = 0; round <= settings.Rounds; round++)
        {
            string tag = round > 0 ? $"pg round {round}" : "pg warm-up";
            var ours = await FeedReader.ReadAllAsync(http, server.Root + "TimeEntries", token, etag);
            var psql = await PsqlAsync(cluster, database, "SELECT * FROM time_entries");
            double psqlRate = ours.Rows / psql.TotalSeconds;
            var ourWindow = await FeedReader.ReadAllAsync(http, server.Root + queries.Window, token, etag);
            var psqlWindow = await PsqlAsync(cluster, database, windowSql);
            var ourApply = await FeedReader.ReadAllAsync(http, server.Root + queries.Apply, token, "{\"ProjectId\""u8.ToArray());
            var psqlApply = await PsqlAsync(cluster, database, applySql);
            results.Line($"{tag}: full read", $"ours {ours.RowsPerSecond,9:N0} rows/s ({ours.Pages} pages)  psql -A {psqlRate,9:N0}");
            results.Line($"{tag}: date-range, groupby", $"ours {ourWindow.Elapsed.TotalMilliseconds:F0} / {ourApply.Elapsed.TotalMilliseconds:F0} ms  " +
                                                        $"psql {psqlWindow.TotalMilliseconds:F0} / {psqlApply.TotalMilliseconds:F0} ms ({ourWindow.Rows:N0} / {ourApply.Rows:N0} rows)");
            if (round == 0)
                continue;
            results.Ratio("pg full read vs psql", ours.RowsPerSecond / psqlRate);
            results.Ratio("pg date-range $filter+$select vs psql", ourWindow.Elapsed / psqlWindow);
            results.Ratio("pg groupby+sum vs psql", ourApply.Elapsed / psqlApply);
        }
        results.RatioBar("pg full read vs psql", ">= 0.5", r => r >= 0.5);
        results.RatioBar("pg date-range $filter+$select vs psql", "<= 1.5", r => r <= 1.5);
        results.RatioBar("pg groupby+sum vs psql", "<= 1.5", r => r <= 1.5);
    }

    /// <summary>psql printing the rows unaligned (<c>-A -t</c>) to /dev/null, timed from start to exit.</summary>
    private static async Task<TimeSpan> PsqlAsync(PostgresCluster cluster, string database, string sql)
    {
        var start = new ProcessStartInfo("psql") { UseShellExecute = false, RedirectStandardError = true };
        foreach (string argument in new[] { "-X", "-A", "-t", "-h", "127.0.0.1", "-p", cluster.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "-U", "postgres", "-d", database, "-o", "/dev/null", "-v", "ON_ERROR_STOP=1", "-c", sql })
            start.ArgumentList.Add(argument);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        string error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        clock.Stop();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"psql failed: {error}");
        return clock.Elapsed;
    }
}
