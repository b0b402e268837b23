using System.Diagnostics;
using System.Net.Http.Headers;
using HarvestOData.Sandbox;
using Microsoft.Data.Sqlite;

namespace HarvestOData.Bench.OData;

/// <summary>
/// 50 concurrent OData readers while the server's own sync passes write: the sandbox's rows change every half second,
/// the server (Sync:Interval 2 s) mirrors them. Counts errors and "database is locked", and proves the sync wrote.
/// </summary>
public static class LoadPhase
{
    public sealed record Result(long Requests, long Errors, long Locked, long RowsChanged, bool SyncWrote, TimeSpan Elapsed);

    /// <summary>A consistent copy of <paramref name="mirrorPath"/> beside it (SQLite's online backup), for the load phase to change.</summary>
    public static string CopyMirror(string mirrorPath)
    {
        string copy = Path.ChangeExtension(mirrorPath, null) + "-load.db";
        foreach (string file in new[] { copy, copy + "-wal", copy + "-shm" })
            File.Delete(file);
        using var source = new SqliteConnection($"Data Source={mirrorPath};Mode=ReadOnly;Pooling=False");
        using var destination = new SqliteConnection($"Data Source={copy};Pooling=False");
        source.Open();
        destination.Open();
        source.BackupDatabase(destination);
        return copy;
    }

    public static async Task<Result> RunAsync(HttpClient http, Uri root, string token, HarvestSandbox sandbox, string mirrorPath, TimeSpan duration)
    {
        var rows = sandbox.Data.Rows("time_entries");
        var entries = rows.Select(r => r.Id).ToArray();
        var days = rows.Select(r => (DateOnly)r["spent_date"]!).Distinct().Order().ToArray();
        string run = Guid.NewGuid().ToString("N")[..8];
        long requests = 0, errors = 0, locked = 0, changed = 0;
        string marker = "";
        var random = new Random(7);
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(duration);
        var mutator = Task.Run(async () =>
        {
            int round = 0;
            while (!stop.IsCancellationRequested)
            {
                marker = $"bench load {run} round {round++}";
                for (int i = 0; i < 200; i++)
                    sandbox.Data.Update("time_entries", entries[random.Next(entries.Length)], new Dictionary<string, object?> { ["notes"] = marker });
                Interlocked.Add(ref changed, 200);
                try
                {
                    await Task.Delay(500, stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        });
        // What BI clients and people do at once: pages of a feed (keyset), a week of entries (indexed date), one entry,
        // small lookups with expansions. Not 50 simultaneous full-table aggregations on two cores.
        string[] queries =
        [
            "TimeEntries?$filter=Id ge {1}&$orderby=Id&$top=2000&$select=Id,SpentDate,Hours,Notes,ProjectId",
            "TimeEntries?$filter=SpentDate ge {2} and SpentDate lt {3}&$select=Id,Hours,UserId",
            "TimeEntries({1})",
            "Projects?$select=Name&$expand=Client($select=Name)",
            "Users?$select=FirstName,LastName&$expand=LinkedRoles($select=Name)",
            "TimeEntries?$filter=Id ge {1}&$top=300&$expand=Project($select=Name),Task($select=Name)",
        ];
        var readers = Enumerable.Range(0, 50).Select(n => Task.Run(async () =>
        {
            var local = new Random(n);
            while (!stop.IsCancellationRequested)
            {
                int day = local.Next(days.Length - 7);
                string path = string.Format(System.Globalization.CultureInfo.InvariantCulture, queries[local.Next(queries.Length)],
                    local.Next(0, entries.Length), entries[local.Next(entries.Length)], days[day].ToString("yyyy-MM-dd"), days[day + 7].ToString("yyyy-MM-dd"));
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(root, path));
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                try
                {
                    using var response = await http.SendAsync(request);
                    string body = await response.Content.ReadAsStringAsync();
                    Interlocked.Increment(ref requests);
                    if (!response.IsSuccessStatusCode && Interlocked.Increment(ref errors) <= 3)
                        Console.Error.WriteLine($"  [load] {(int)response.StatusCode} {path}: {body[..Math.Min(200, body.Length)]}");
                    if (body.Contains("database is locked", StringComparison.OrdinalIgnoreCase) || body.Contains("MirrorBusy", StringComparison.Ordinal))
                        Interlocked.Increment(ref locked);
                }
                catch (HttpRequestException e)
                {
                    if (Interlocked.Increment(ref errors) <= 3)
                        Console.Error.WriteLine($"  [load] {path}: {e.Message}");
                }
            }
        })).ToList();
        await Task.WhenAll(readers);
        await mutator;
        clock.Stop();

        // The last round's notes must reach the mirror through the server's own incremental sync.
        bool wrote = false;
        for (int attempt = 0; attempt < 60 && !wrote; attempt++)
        {
            await Task.Delay(500);
            await using var connection = new SqliteConnection($"Data Source={mirrorPath};Mode=ReadOnly;Pooling=False");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM time_entries WHERE notes = $marker";
            command.Parameters.AddWithValue("$marker", marker);
            wrote = (long)(await command.ExecuteScalarAsync())! > 0;
        }
        return new Result(requests, errors, locked, changed, wrote, clock.Elapsed);
    }
}
