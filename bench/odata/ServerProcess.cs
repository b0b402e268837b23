using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace HarvestOData.Bench.OData;

/// <summary>
/// The HarvestOData server (Release build) as its own process on 127.0.0.1, so its memory is its own; the bench's
/// reference peer (bench/odata/reference) is started the same way.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, Uri root)
    {
        _process = process;
        Root = root;
    }

    public Uri Root { get; }

    public int Pid => _process.Id;

    public static async Task<ServerProcess> StartAsync(string dll, IReadOnlyDictionary<string, string> settings, HttpClient probe, string token, string label = "server")
    {
        int port = FreePort();
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
                    return new ServerProcess(process, root);
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
