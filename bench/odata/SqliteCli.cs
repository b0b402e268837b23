using System.Diagnostics;

namespace HarvestOData.Bench.OData;

/// <summary>The reference: the <c>sqlite3</c> shell dumping the same rows as JSON to /dev/null.</summary>
public static class SqliteCli
{
    public static async Task<TimeSpan> JsonAsync(string database, string sql)
    {
        var start = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("sqlite3 -readonly -json \"$0\" \"$1\" > /dev/null");
        start.ArgumentList.Add(database);
        start.ArgumentList.Add(sql);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        string error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        clock.Stop();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"sqlite3 failed: {error}");
        return clock.Elapsed;
    }

    public static async Task<string> ScalarAsync(string database, string sql)
    {
        var start = new ProcessStartInfo("sqlite3") { UseShellExecute = false, RedirectStandardOutput = true };
        start.ArgumentList.Add("-readonly");
        start.ArgumentList.Add(database);
        start.ArgumentList.Add(sql);
        using var process = Process.Start(start)!;
        string output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output.Trim();
    }
}
