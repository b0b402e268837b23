using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace HarvestOData.Mirror.Tests.Cluster;

/// <summary>
/// One node: the built server binary run as an operator runs it (<c>dotnet HarvestOData.Server.dll serve</c>) on a
/// loopback port of its own, with the settings every node of a cluster shares. <see cref="Kill"/> is kill -9.
/// </summary>
public sealed class ServerNode : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServerNode(Process process, Uri root, string token)
    {
        _process = process;
        Root = root;
        Client = new HttpClient { BaseAddress = root, Timeout = TimeSpan.FromSeconds(30) };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri Root { get; }

    /// <summary>A client signed in as <see cref="StartAsync"/>'s token.</summary>
    public HttpClient Client { get; }

    public int ProcessId => _process.Id;

    /// <summary>What the node printed so far (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    /// <summary>Starts a node with <paramref name="settings"/> (<c>Section:Key</c> → value) and waits until it answers.</summary>
    public static async Task<ServerNode> StartAsync(IReadOnlyDictionary<string, string> settings, string token)
    {
        int port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "HarvestOData.Server.dll"));
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add($"--urls=http://127.0.0.1:{port}");
        foreach (var (key, value) in settings)
            start.ArgumentList.Add($"--{key}={value}");
        start.Environment["DOTNET_NOLOGO"] = "1";
        var node = new ServerNode(Process.Start(start)!, new Uri($"http://127.0.0.1:{port}/"), token);
        await node.WaitUntilLiveAsync();
        return node;
    }

    /// <summary>SIGKILL: no shutdown, no lease released, no connection closed by the node itself.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
            _process.Kill();
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        Client.Dispose();
        _process.Dispose();
        await Task.CompletedTask;
    }

    private async Task WaitUntilLiveAsync()
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The node exited with {_process.ExitCode}:\n{Output}");
            try
            {
                using var live = await Client.GetAsync("healthz/live");
                if (live.StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"The node did not answer /healthz/live within a minute:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
