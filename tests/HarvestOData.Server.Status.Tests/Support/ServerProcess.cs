using System.Diagnostics;

namespace HarvestOData.Server.Status.Tests.Support;

/// <summary>Runs the built server binary as a person would (<c>dotnet HarvestOData.Server.dll …</c>), capturing output and exit code.</summary>
public static class ServerProcess
{
    public static async Task<(int Code, string Output, string Error)> RunAsync(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "HarvestOData.Server.dll"));
        foreach (string arg in args)
            start.ArgumentList.Add(arg);
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"HarvestOData.Server {string.Join(' ', args)} did not exit.");
        }
        return (process.ExitCode, await output, await error);
    }
}
