using System.Diagnostics;
using System.Text;
using HarvestOData.Harvest.Catalog;
using Microsoft.Data.Sqlite;

namespace HarvestOData.Bench.OData;

/// <summary>
/// SAP CAP over the same file: a CDS entity per the catalog's time_entries fields, mapped onto the mirror table through
/// the views CAP expects (<c>Tt_TimeEntries</c>, <c>Tt_Bench_TimeEntries</c>), served by cap/server.js.
/// </summary>
public sealed class CapPeer : IAsyncDisposable
{
    private readonly Process _process;

    private CapPeer(Process process, Uri feed)
    {
        _process = process;
        Feed = feed;
    }

    public Uri Feed { get; }

    public static async Task<CapPeer> StartAsync(BenchSettings settings, HttpClient probe)
    {
        var resource = EntityCatalog.Get("time_entries");
        var cds = new StringBuilder("namespace Tt;\nentity TimeEntries {\n");
        foreach (var field in resource.Fields)
            cds.Append($"  {(field.IsKey ? "key " : "")}{field.Column} : {CdsType(field.Type)};\n");
        cds.Append("}\nservice Bench { entity TimeEntries as projection on Tt.TimeEntries; }\n");
        string model = Path.Combine(settings.OutDir, "cap-model.cds");
        await File.WriteAllTextAsync(model, cds.ToString());

        await using (var connection = new SqliteConnection($"Data Source={settings.MirrorPath};Pooling=False;Default Timeout=30"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE VIEW IF NOT EXISTS Tt_TimeEntries AS SELECT * FROM time_entries; CREATE VIEW IF NOT EXISTS Tt_Bench_TimeEntries AS SELECT * FROM Tt_TimeEntries;";
            await command.ExecuteNonQueryAsync();
        }

        int port = ServerProcess.FreePort();
        var start = new ProcessStartInfo("node") { WorkingDirectory = settings.CapDir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("server.js");
        start.ArgumentList.Add(settings.MirrorPath);
        start.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.ArgumentList.Add(model);
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        int lines = 0;
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null && Interlocked.Increment(ref lines) <= 5)
                Console.Error.WriteLine("  [cap] " + e.Data[..Math.Min(e.Data.Length, 300)]);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var feed = new Uri($"http://127.0.0.1:{port}/odata/v4/bench/TimeEntries");
        for (int attempt = 0; attempt < 300; attempt++)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"CAP exited with {process.ExitCode}.");
            try
            {
                using var response = await probe.GetAsync(feed + "?$top=1");
                if (response.IsSuccessStatusCode)
                    return new CapPeer(process, feed);
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(200);
        }
        process.Kill(entireProcessTree: true);
        throw new TimeoutException("CAP did not answer within a minute.");
    }

    private static string CdsType(FieldType type) => type switch
    {
        FieldType.Id or FieldType.Integer => "Integer64",
        FieldType.Decimal => "Decimal",
        FieldType.Boolean => "Boolean",
        FieldType.Date => "Date",
        FieldType.Timestamp => "DateTime",
        _ => "String",
    };

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
