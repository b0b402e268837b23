using System.Diagnostics;
using System.Globalization;
using HarvestOData.Bench.OData;
using HarvestOData.Sandbox;

// bench/odata: the OData read path over a 1,000,000-entry mirror (the bars in docs/architecture.md#bars). Run: bash bench/odata/run.sh
var settings = BenchSettings.Parse(args);
var log = Console.Out;
Directory.CreateDirectory(settings.OutDir);
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
log.WriteLine($"HarvestOData OData bench: {settings.Rows:N0} time entries, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");

var clock = Stopwatch.StartNew();
var sandbox = new HarvestSandbox(new SandboxOptions { TimeEntries = settings.Rows, RateLimitRequests = 1000, RateLimitWindowSeconds = 1 });
log.WriteLine($"  sandbox generated in {clock.Elapsed.TotalSeconds:F1} s");
string existing = File.Exists(settings.MirrorPath) ? await SqliteCli.ScalarAsync(settings.MirrorPath, "SELECT count(*) FROM time_entries") : "";
if (settings.Rebuild || existing != sandbox.Data.Count("time_entries").ToString(CultureInfo.InvariantCulture))
    await MirrorBuilder.BuildAsync(sandbox, settings.MirrorPath, log);
else
    log.WriteLine($"  reusing {settings.MirrorPath} ({existing} time entries; --rebuild to rebuild)");

await using var sandboxHost = await SandboxHost.StartAsync(sandbox);
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64, AutomaticDecompression = System.Net.DecompressionMethods.None }) { Timeout = TimeSpan.FromMinutes(10) };
string token = sandbox.Administrator.Token;
await using var server = await ServerProcess.StartAsync(settings.ServerDll, new Dictionary<string, string>
{
    ["Harvest:BaseUrl"] = sandboxHost.BaseUrl.ToString(),
    ["Harvest:AccountId"] = sandbox.AccountId,
    ["Harvest:Token"] = token,
    ["Harvest:RateLimit:Requests"] = "1000",
    ["Harvest:RateLimit:WindowSeconds"] = "1",
    ["Mirror:ConnectionString"] = $"Data Source={settings.MirrorPath}",
    ["Sync:Interval"] = "00:00:02",
    ["OData:PageSize"] = "5000",
    ["Logging:LogLevel:Default"] = "Warning",
}, http, token);
log.WriteLine($"  server pid {server.Pid} at {server.Root}");
await Task.Delay(TimeSpan.FromSeconds(5));   // let the start-up incremental passes (nothing to do) finish

var results = new Results(log);
var etag = "{\"@odata.etag\""u8.ToArray();

// 1. Full read through every next link vs sqlite3 -json.
FeedReader.Result best = null!;
for (int run = 0; run < 2; run++)
{
    var read = await FeedReader.ReadAllAsync(http, server.Root + "TimeEntries", token, etag);
    if (best is null || read.Elapsed < best.Elapsed)
        best = read;
}
var sqliteFull = Min(await SqliteCli.JsonAsync(settings.MirrorPath, "SELECT * FROM time_entries"), await SqliteCli.JsonAsync(settings.MirrorPath, "SELECT * FROM time_entries"));
double cliRate = best.Rows / sqliteFull.TotalSeconds;
results.Line("full read", $"{best.Rows:N0} rows, {best.Pages} pages, {best.Bytes / 1e6:F0} MB in {best.Elapsed.TotalSeconds:F2} s = {best.RowsPerSecond:N0} rows/s");
results.Line("sqlite3 -json", $"{sqliteFull.TotalSeconds:F2} s = {cliRate:N0} rows/s");
results.Bar("full read vs sqlite3 -json", best.RowsPerSecond / cliRate, ">= 0.5", r => r >= 0.5);
var memory = server.Memory();
results.Bar("server peak RSS (MB) while streaming", memory.Peak, "< 300", r => r < 300);

// 2. SAP CAP over the same file.
if (!settings.SkipCap)
{
    await using var cap = await CapPeer.StartAsync(settings, http);
    var capRead = await FeedReader.ReadAllAsync(http, cap.Feed.ToString(), null, "{\"id\":"u8.ToArray());
    results.Line("SAP CAP full read", $"{capRead.Rows:N0} rows, {capRead.Pages} pages in {capRead.Elapsed.TotalSeconds:F2} s = {capRead.RowsPerSecond:N0} rows/s");
    results.Bar("full read vs SAP CAP", best.RowsPerSecond / capRead.RowsPerSecond, ">= 2", r => r >= 2);
}

// 3. Power BI-style folded queries vs the same SQL in sqlite3.
string max = await SqliteCli.ScalarAsync(settings.MirrorPath, "SELECT max(spent_date) FROM time_entries");
string from = DateOnly.Parse(max, CultureInfo.InvariantCulture).AddMonths(-3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
string window = $"TimeEntries?$filter=SpentDate ge {from} and SpentDate le {max}&$select=Id,SpentDate,Hours,ProjectId,UserId,Billable";
string windowSql = $"SELECT id, spent_date, hours, project_id, user_id, billable, updated_at FROM time_entries WHERE spent_date >= '{from}' AND spent_date <= '{max}'";
await Compare(results, "date-range $filter+$select", () => FeedReader.ReadAllAsync(http, server.Root + window, token, etag), settings.MirrorPath, windowSql);
string apply = "TimeEntries?$apply=groupby((ProjectId),aggregate(Hours with sum as Total))";
string applySql = "SELECT project_id, COALESCE(sum(hours), 0) FROM time_entries GROUP BY project_id ORDER BY project_id";
await Compare(results, "groupby+sum $apply", () => FeedReader.ReadAllAsync(http, server.Root + apply, token, "{\"ProjectId\""u8.ToArray()), settings.MirrorPath, applySql);

// 4. 50 concurrent readers while the server's sync writes.
var load = await LoadPhase.RunAsync(http, server.Root, token, sandbox, settings.MirrorPath, TimeSpan.FromSeconds(20));
results.Line("50 readers during sync", $"{load.Requests:N0} requests in {load.Elapsed.TotalSeconds:F0} s, {load.Errors} errors, {load.Locked} 'database is locked', " +
                                        $"{load.RowsChanged:N0} sandbox rows changed, sync wrote them: {(load.SyncWrote ? "yes" : "NO")}");
results.Bar("errors with 50 readers during a sync", load.Errors + load.Locked + (load.SyncWrote ? 0 : 1), "= 0", r => r == 0);
results.Line("server peak RSS overall", $"{server.Memory().Peak:F0} MB (includes the 50-reader phase: 50 connections, each with its own SQLite page cache)");
return results.Failed ? 1 : 0;

static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

static async Task Compare(Results results, string name, Func<Task<FeedReader.Result>> odata, string database, string sql)
{
    FeedReader.Result ours = await odata();
    for (int run = 0; run < 4; run++)
    {
        var again = await odata();
        if (again.Elapsed < ours.Elapsed)
            ours = again;
    }
    TimeSpan reference = TimeSpan.MaxValue;
    for (int run = 0; run < 5; run++)
        reference = Min(reference, await SqliteCli.JsonAsync(database, sql));
    results.Line(name, $"{ours.Rows:N0} rows in {ours.Elapsed.TotalMilliseconds:F0} ms; sqlite3 {reference.TotalMilliseconds:F0} ms");
    results.Bar($"{name} vs sqlite3", ours.Elapsed / reference, "<= 1.5", r => r <= 1.5);
}

/// <summary>Prints figures and bars; remembers failures for the exit code.</summary>
internal sealed class Results(TextWriter log)
{
    public bool Failed { get; private set; }

    public void Line(string name, string text) => log.WriteLine($"  {name,-40} {text}");

    public void Bar(string name, double value, string bar, Func<double, bool> ok)
    {
        bool pass = ok(value);
        Failed |= !pass;
        log.WriteLine($"  {name,-40} {value,10:F2}   bar {bar,-7} {(pass ? "PASS" : "FAIL")}");
    }
}
