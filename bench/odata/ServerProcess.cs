using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using HarvestOData.Sandbox;

namespace HarvestOData.Bench.OData;

/// <summary>
/// The HarvestOData server (Release build) as its own process on 127.0.0.1, so its memory is its own; the bench's
/// reference peer (bench/odata/reference) is started the same way.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private bool _stopped;

    private ServerProcess(Process process, Uri root, DateTimeOffset started)
    {
        _process = process;
        Root = root;
        Started = started;
    }

    public Uri Root { get; }

    /// <summary>When the process was started, to the second (the status data's resolution).</summary>
    public DateTimeOffset Started { get; }

    public int Pid => _process.Id;

    /// <summary>
    /// The HarvestOData server over <paramref name="connectionString"/>, syncing from the bench's sandbox every
    /// <paramref name="syncInterval"/> with the sandbox's throttle, serving pages of 5000.
    /// </summary>
    public static Task<ServerProcess> StartOursAsync(BenchSettings settings, SandboxHost harvest, HarvestSandbox sandbox, string provider, string connectionString,
        string syncInterval, HttpClient probe, string label) =>
        StartAsync(settings.ServerDll, new Dictionary<string, string>(BenchAccount.Settings(sandbox, harvest.BaseUrl, provider, connectionString))
        {
            ["Sync:Interval"] = syncInterval,
            ["OData:PageSize"] = "5000",
            ["Logging:LogLevel:Default"] = "Warning",
        }, probe, sandbox.Administrator.Token, label);

    public static async Task<ServerProcess> StartAsync(string dll, IReadOnlyDictionary<string, string> settings, HttpClient probe, string token, string label = "server")
    {
        int port = FreePort();
        var started = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add($"--urls=http://127.0.0.1:{port}");
        foreach (var (key, value) in settings)
            start.ArgumentList.Add($"--{key}={value}");
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                Console.Error.WriteLine($"  [{label}] " + e.Data);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var root = new Uri($"http://127.0.0.1:{port}/odata/");
        for (int attempt = 0; attempt < 300; attempt++)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"The {label} exited with {process.ExitCode}.");
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, root);
                request.Headers.Authorization = new("Bearer", token);
                using var response = await probe.SendAsync(request);
                if (response.StatusCode == HttpStatusCode.OK)
                    return new ServerProcess(process, root, started);
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(200);
        }
        process.Kill(entireProcessTree: true);
        throw new TimeoutException($"The {label} did not answer within a minute.");
    }

    /// <summary>
    /// Waits until every resource the server syncs has passed since the process started and no pass is in flight, so
    /// the measured rounds do not share the machine with a sync catching up. Answers the rows those last passes changed:
    /// 0 when the kept mirror equals the sandbox.
    /// </summary>
    public async Task<long> WaitForSyncAsync(HttpClient http, string token)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Root, "/status"));
            request.Headers.Authorization = new("Bearer", token);
            using var response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            using var report = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
            var synced = report.RootElement.GetProperty("resources").EnumerateArray().Where(r => IsNull(r, "syncedWith")).ToList();
            if (synced.All(r => IsNull(r, "progress") && !IsNull(r, "lastSuccessAt") && r.GetProperty("lastSuccessAt").GetDateTimeOffset() >= Started))
                return synced.Sum(r => IsNull(r, "lastPassChanged") ? 0 : r.GetProperty("lastPassChanged").GetInt64());
            if (clock.Elapsed > TimeSpan.FromMinutes(5))
                throw new TimeoutException("The server's sync did not settle within five minutes: " + report.RootElement.GetProperty("resources"));
            await Task.Delay(500);
        }
    }

    private static bool IsNull(JsonElement element, string property) =>
        !element.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null;

    /// <summary>Resident memory now and at its peak (VmRSS, VmHWM), in MB.</summary>
    public (double Now, double Peak) Memory()
    {
        double now = 0, peak = 0;
        foreach (string line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                now = Kilobytes(line) / 1024.0;
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                peak = Kilobytes(line) / 1024.0;
        }
        return (now, peak);
    }

    private static long Kilobytes(string line) => long.Parse(line.Split(':', 2)[1].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Stops the process; again is a no-op.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopped)
            return;
        _stopped = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
