using System.Diagnostics;
using System.Globalization;
using HarvestOData.Bench.OData;
using HarvestOData.Mirror.Store;

// bench/odata: the OData read path over a 1,000,000-entry mirror (the bars in docs/architecture.md#bars). Run: bash bench/odata/run.sh
var settings = BenchSettings.Parse(args);
var log = Console.Out;
Directory.CreateDirectory(settings.OutDir);
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
log.WriteLine($"HarvestOData OData bench: {settings.Rows:N0} time entries, {settings.Rounds} rounds, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");

var clock = Stopwatch.StartNew();
var sandbox = BenchAccount.Generate(settings.Rows);
string fingerprint = BenchAccount.Fingerprint(sandbox);
log.WriteLine($"  sandbox generated in {clock.Elapsed.TotalSeconds:F1} s (time entries, newest updated_at: {fingerprint})");
string kept = File.Exists(settings.MirrorPath) ? await SqliteCli.ScalarAsync(settings.MirrorPath, BenchAccount.SqliteFingerprint) : "none";
if (settings.Rebuild || kept != fingerprint)
{
    log.WriteLine($"  building {settings.MirrorPath} (kept: {kept})");
    await MirrorBuilder.BuildAsync(sandbox, settings.MirrorPath, log);
}
else
{
    log.WriteLine($"  reusing {settings.MirrorPath}: it holds this account (--rebuild to rebuild)");
}

await using var sandboxHost = await SandboxHost.StartAsync(sandbox);
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64, AutomaticDecompression = System.Net.DecompressionMethods.None }) { Timeout = TimeSpan.FromMinutes(10) };
string token = sandbox.Administrator.Token;

var results = new BenchResults(log);
var etag = "{\"@odata.etag\""u8.ToArray();

string max = await SqliteCli.ScalarAsync(settings.MirrorPath, "SELECT max(spent_date) FROM time_entries");
string from = DateOnly.Parse(max, CultureInfo.InvariantCulture).AddMonths(-3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
string window = $"TimeEntries?$filter=SpentDate ge {from} and SpentDate le {max}&$select=Id,SpentDate,Hours,ProjectId,UserId,Billable";
string windowSql = $"SELECT id, spent_date, hours, project_id, user_id, billable, updated_at FROM time_entries WHERE spent_date >= '{from}' AND spent_date <= '{max}'";
string apply = "TimeEntries?$apply=groupby((ProjectId),aggregate(Hours with sum as Total))";
// The same aggregate in each plan SQLite can take: its own choice (today the project_id index, a random row lookup per
// row), a full scan (NOT INDEXED), and the scan-then-sort a unary + on the grouping column asks for. The best one is the bar.
string[] applySql =
[
    "SELECT project_id, COALESCE(sum(hours), 0) FROM time_entries GROUP BY project_id ORDER BY project_id",
    "SELECT project_id, COALESCE(sum(hours), 0) FROM time_entries NOT INDEXED GROUP BY project_id ORDER BY project_id",
    "SELECT project_id, COALESCE(sum(hours), 0) FROM time_entries GROUP BY +project_id ORDER BY project_id",
];

if (settings.PostgresOnly)
{
    await PostgresPhase.RunAsync(sandbox, fingerprint, sandboxHost, http, settings, results, log, (window, windowSql, apply));
    return results.Failed ? 1 : 0;
}

await using var server = await ServerProcess.StartOursAsync(settings, sandboxHost, sandbox, MirrorDialect.SqliteProvider, $"Data Source={settings.MirrorPath}",
    BenchSettings.RoundsSyncInterval, http, "server");
log.WriteLine($"  server pid {server.Pid} at {server.Root}");
await using var reference = await ServerProcess.StartAsync(settings.ReferenceDll, new Dictionary<string, string>
{
    ["Mirror"] = settings.MirrorPath,
    ["Logging:LogLevel:Default"] = "Warning",
}, http, token, "reference");
log.WriteLine($"  reference (AspNetCoreOData [EnableQuery] + EF Core, SkipToken) pid {reference.Pid} at {reference.Root}");
log.WriteLine($"  server's start-up sync settled ({await server.WaitForSyncAsync(http, token)} rows changed)");

// Rounds: every contender once per round, back to back (ours, sqlite3 -json, reference, raw loop, then the folded
// queries), so each ratio compares runs under the same load. Round 0 warms caches and JIT and is not counted.
for (int round = 0; round <= settings.Rounds; round++)
{
    bool counted = round > 0;
    string tag = counted ? $"round {round}" : "warm-up";
    var ours = await FeedReader.ReadAllAsync(http, server.Root + "TimeEntries", token, etag);
    var cli = await SqliteCli.JsonAsync(settings.MirrorPath, "SELECT * FROM time_entries");
    var standard = await FeedReader.ReadAllAsync(http, reference.Root + "TimeEntries", null, "{\"Id\":"u8.ToArray());
    var limit = RawLoop.Read(settings.MirrorPath);
    double cliRate = ours.Rows / cli.TotalSeconds;
    results.Line($"{tag}: full read", $"ours {ours.RowsPerSecond,9:N0} rows/s ({ours.Pages} pages, {ours.Bytes / 1e6:F0} MB)  sqlite3 -json {cliRate,9:N0}  " +
                                      $"reference {standard.RowsPerSecond,9:N0} ({standard.Rows:N0} rows)  raw loop {limit.RowsPerSecond,9:N0} ({limit.Bytes / 1e6:F0} MB)");

    var ourWindow = await FeedReader.ReadAllAsync(http, server.Root + window, token, etag);
    var cliWindow = await SqliteCli.JsonAsync(settings.MirrorPath, windowSql);
    var ourApply = await FeedReader.ReadAllAsync(http, server.Root + apply, token, "{\"ProjectId\""u8.ToArray());
    var plans = new List<TimeSpan>();
    foreach (string sql in applySql)
        plans.Add(await SqliteCli.JsonAsync(settings.MirrorPath, sql));
    results.Line($"{tag}: date-range $filter+$select", $"ours {ourWindow.Elapsed.TotalMilliseconds:F0} ms ({ourWindow.Rows:N0} rows)  sqlite3 {cliWindow.TotalMilliseconds:F0} ms");
    results.Line($"{tag}: groupby+sum $apply", $"ours {ourApply.Elapsed.TotalMilliseconds:F0} ms ({ourApply.Rows:N0} rows)  sqlite3 plain / NOT INDEXED / +project_id " +
                                               string.Join(" / ", plans.Select(p => $"{p.TotalMilliseconds:F0}")) + " ms");
    if (!counted)
        continue;
    results.Ratio("full read vs sqlite3 -json", ours.RowsPerSecond / cliRate);
    results.Ratio("full read vs raw loop", ours.RowsPerSecond / limit.RowsPerSecond);
    results.Ratio("full read vs reference", ours.RowsPerSecond / standard.RowsPerSecond);
    results.Ratio("raw loop vs reference", limit.RowsPerSecond / standard.RowsPerSecond);
    results.Ratio("date-range $filter+$select vs sqlite3", ourWindow.Elapsed / cliWindow);
    results.Ratio("groupby+sum vs sqlite3's best plan", ourApply.Elapsed / plans.Min());
}
log.WriteLine($"  in-round ratios over {settings.Rounds} rounds (throughput: higher is better; time: lower is better):");
results.RatioBar("full read vs sqlite3 -json", ">= 0.9", r => r >= 0.9);
results.RatioBar("full read vs raw loop", ">= 0.75", r => r >= 0.75);
results.RatioBar("full read vs reference", ">= 6", r => r >= 6);
// The raw loop writes the same JSON in-process, with no HTTP and no paging: no server reaches past its ratio.
results.RatioNote("raw loop vs reference", "the ceiling of the bar above on this machine");
results.RatioBar("date-range $filter+$select vs sqlite3", "<= 1.2", r => r <= 1.2);
results.RatioBar("groupby+sum vs sqlite3's best plan", "<= 1.2", r => r <= 1.2);
// Every round streamed the whole table through the server while its sync passes ran (every 10 s).
results.Bar("server peak RSS (MB) streaming, sync running", server.Memory().Peak, "< 250", r => r < 250);

// SAP CAP over the same file (optional: --skip-cap).
if (!settings.SkipCap)
{
    await using var cap = await CapPeer.StartAsync(settings, http);
    var capRead = await FeedReader.ReadAllAsync(http, cap.Feed.ToString(), null, "{\"id\":"u8.ToArray());
    var ours = await FeedReader.ReadAllAsync(http, server.Root + "TimeEntries", token, etag);
    results.Line("SAP CAP full read", $"{capRead.Rows:N0} rows, {capRead.Pages} pages in {capRead.Elapsed.TotalSeconds:F2} s = {capRead.RowsPerSecond:N0} rows/s");
    results.Bar("full read vs SAP CAP (one pair)", ours.RowsPerSecond / capRead.RowsPerSecond, ">= 2", r => r >= 2);
}

// Harvest's reports as OData functions against the same aggregation by hand in sqlite3 (ReportsPhase.cs).
await ReportsPhase.RunAsync(http, server.Root, token, settings, results, log);
await server.DisposeAsync();
await reference.DisposeAsync();
// The same account on PostgreSQL against psql (--postgres; PostgresPhase.cs).
if (settings.Postgres)
    await PostgresPhase.RunAsync(sandbox, fingerprint, sandboxHost, http, settings, results, log, (window, windowSql, apply));

// 50 concurrent readers while a server's sync writes. Last, and on a copy of the mirror: the sandbox's rows change
// under it, and the kept mirrors must stay equal to the account the next run regenerates (BenchAccount).
string loadPath = LoadPhase.CopyMirror(settings.MirrorPath);
await using var loadServer = await ServerProcess.StartOursAsync(settings, sandboxHost, sandbox, MirrorDialect.SqliteProvider, $"Data Source={loadPath}",
    BenchSettings.LoadSyncInterval, http, "load server");
var load = await LoadPhase.RunAsync(http, loadServer.Root, token, sandbox, loadPath, TimeSpan.FromSeconds(20));
results.Line("50 readers during sync", $"{load.Requests:N0} requests in {load.Elapsed.TotalSeconds:F0} s, {load.Errors} errors, {load.Locked} 'database is locked', " +
                                        $"{load.RowsChanged:N0} sandbox rows changed, sync wrote them: {(load.SyncWrote ? "yes" : "NO")}");
results.Bar("errors with 50 readers during a sync", load.Errors + load.Locked + (load.SyncWrote ? 0 : 1), "= 0", r => r == 0);
results.Line("server peak RSS with 50 readers", $"{loadServer.Memory().Peak:F0} MB (50 connections, each with its own SQLite page cache)");
return results.Failed ? 1 : 0;
