using System.Diagnostics;
using HarvestOData.Bench.Sync;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Mirror.Sync;
using HarvestOData.Sandbox;

// dotnet run -c Release --project bench/sync -- --time-entries 200000 --window 2 [--provider postgres] [--nodes 2]
// Mirrors a sandbox of that size under a throttle of --requests calls per --window seconds (Harvest: 100 per 15 s)
// and prints the calls made against the floor, the throttle counters, the cost of an incremental pass with no
// changes, and the cost of the deletion check after --deletions deletions against a full id sweep.
var bench = BenchArguments.Parse(args);

// Warm-up: mirror a tiny sandbox once, on the measured provider, so the measured run does not pay the JIT for the
// sandbox, client and store (on PostgreSQL also the Npgsql paths and the shared gate's functions).
await using (var warmUp = await BenchMirror.CreateAsync(new SandboxOptions { TimeEntries = 1_000, RateLimitRequests = 1_000, RateLimitWindowSeconds = 1 }, bench.Provider))
    await warmUp.RunAsync(new SyncRunRequest { Attempts = 1 });

var sandbox = new HarvestSandbox(new SandboxOptions
{
    Seed = bench.Seed, TimeEntries = bench.TimeEntries, RateLimitRequests = bench.Requests, RateLimitWindowSeconds = bench.WindowSeconds,
});
await using var mirror = await BenchMirror.CreateAsync(sandbox, bench.Provider, bench.Nodes);

Console.WriteLine($"sandbox: {bench.TimeEntries:N0} time entries, " + string.Join(", ", EntityCatalog.Fetched
    .Where(r => r.Kind != ResourceKind.Singleton && r.Name != "time_entries").Select(r => $"{sandbox.Data.Count(r.Name):N0} {r.Name}")));
Console.WriteLine($"throttle: {bench.Requests} calls per {bench.WindowSeconds} s (Harvest: 100 per 15 s); measured after a warm-up mirror of a 1,000-entry sandbox");
Console.WriteLine($"mirror: {bench.Provider}, {bench.Nodes} node(s) sharing it{(bench.Nodes > 1 ? " and the throttle" : "")}");

// 1. Full mirror.
long pages = ThrottleFloor.PagesNeeded(sandbox);
var floor = ThrottleFloor.Duration(pages, bench.Requests, bench.WindowSeconds);
var clock = Stopwatch.StartNew();
// BENCH_TRACE=1 prints the calls of every throttle window to stderr: where the gate idles.
using var trace = GateTrace.StartIfAsked(sandbox, bench.WindowSeconds, clock);
var full = await mirror.RunAsync(new SyncRunRequest { Reconcile = false, Verify = false, Attempts = 1 });
var elapsed = clock.Elapsed;
trace?.Dispose();
long fullCalls = sandbox.Counters.Calls;
Require(full.Passes.All(p => p.Succeeded), "full mirror failed: " + string.Join("; ", full.Passes.Where(p => !p.Succeeded).Select(p => $"{p.Resource}: {p.Error}")));
double ratio = elapsed / floor;
Console.WriteLine();
Console.WriteLine("full mirror");
Console.WriteLine($"  calls made              {fullCalls,10:N0}");
Console.WriteLine($"  pages needed            {pages,10:N0}");
Console.WriteLine($"  floor (pages / rate)    {floor.TotalSeconds,10:0.0} s");
Console.WriteLine($"  elapsed                 {elapsed.TotalSeconds,10:0.0} s");
Console.WriteLine($"  elapsed / floor         {ratio,10:0.000}   (bar <= 1.10: {Pass(ratio <= 1.10)})");
Console.WriteLine($"  calls over the limit    {sandbox.Counters.CallsOverLimit,10}   (bar 0: {Pass(sandbox.Counters.CallsOverLimit == 0)})");
Console.WriteLine($"  calls while throttled   {sandbox.Counters.CallsWhileThrottled,10}   (bar 0: {Pass(sandbox.Counters.CallsWhileThrottled == 0)})");

// 2. Incremental pass with no changes.
sandbox.Counters.Reset();
var incremental = await mirror.RunAsync(new SyncRunRequest { Reconcile = false, Verify = false, Attempts = 1 }, everyNode: false);
int listed = EntityCatalog.Fetched.Count(r => r.Kind != ResourceKind.PerParent);
int resources = EntityCatalog.Fetched.Count();
Console.WriteLine();
Console.WriteLine("incremental pass, no changes");
Console.WriteLine($"  calls                   {sandbox.Counters.Calls,10}   ({listed} listed resources at one call each, {resources - listed} per-parent lists at none)");
Console.WriteLine($"  resources               {resources,10}   (bar <= one call per resource: {Pass(sandbox.Counters.Calls <= resources && incremental.Passes.All(p => p.Succeeded))})");

// 3. Deletion check after N deletions.
var deleted = sandbox.Data.DeleteRandom("time_entries", bench.Deletions);
sandbox.Counters.Reset();
var check = await mirror.RunAsync(new SyncRunRequest { Reconcile = true, Verify = false, Attempts = 1 }, everyNode: false);
long checkCalls = sandbox.Counters.Calls;
var timeEntries = check.Passes.Single(p => p.Resource == "time_entries");
long timeEntryPages = ThrottleFloor.PagesNeeded(sandbox, EntityCatalog.Get("time_entries"));
long mirrored = await mirror.Reader.CountAsync(EntityCatalog.Get("time_entries"));
Console.WriteLine();
Console.WriteLine($"deletion check after {deleted.Count} time entry deletions (random days)");
Console.WriteLine($"  calls, every resource   {checkCalls,10}   (incremental step included; full id sweep of the mirror: {pages:N0})");
Console.WriteLine($"  calls, time entries     {timeEntries.Calls,10}   (full id sweep of time entries: {timeEntryPages:N0})");
Console.WriteLine($"  deletions found         {timeEntries.Deleted,10}   (mirror {mirrored:N0} = Harvest {sandbox.Data.Count("time_entries"):N0}: {Pass(mirrored == sandbox.Data.Count("time_entries") && timeEntries.Deleted == deleted.Count)})");
Console.WriteLine($"  bar: far below a full id sweep: {Pass(checkCalls * 10 < pages)}");
Console.WriteLine();
Console.WriteLine($"throttle over the whole run: {sandbox.Counters}");
return 0;

static string Pass(bool ok) => ok ? "PASS" : "FAIL";

static void Require(bool ok, string message)
{
    if (!ok)
        throw new InvalidOperationException(message);
}
