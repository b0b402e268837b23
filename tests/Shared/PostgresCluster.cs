using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace HarvestOData.Testing;

/// <summary>
/// A private PostgreSQL cluster for the tests of one test process: Debian's <c>postgresql</c> binaries, <c>initdb</c>
/// into a scratch folder, <c>pg_ctl</c> on a free loopback port, trust authentication for the <c>postgres</c> user.
/// No Docker engine runs on these machines, and a shared server would let parallel test runs see each other's data.
/// Each test class asks for a database of its own (<see cref="CreateDatabase"/>); the cluster stops when the process exits.
/// </summary>
/// <remarks>
/// initdb refuses to run as root, so under root (CI) the binaries run as the <c>postgres</c> user through
/// <c>runuser</c>. <c>.ci/install.sh</c> installs the package; without it the first use says so.
/// </remarks>
public sealed class PostgresCluster
{
    private static readonly Lazy<PostgresCluster> Instance = new(() => Start(null), LazyThreadSafetyMode.ExecutionAndPublication);
    private int _databases;

    private PostgresCluster(string folder, int port)
    {
        Folder = folder;
        Port = port;
    }

    /// <summary>The cluster of this test process, started on first use.</summary>
    public static PostgresCluster Shared => Instance.Value;

    /// <summary>
    /// A cluster whose data stays in <paramref name="folder"/> between processes (the benches keep their million-row
    /// mirrors there, which take minutes to build): created on first use, started, and stopped, not deleted, at exit.
    /// </summary>
    public static PostgresCluster Kept(string folder) => Start(Path.GetFullPath(folder));

    /// <summary>Whether <paramref name="database"/> exists on this cluster.</summary>
    public bool HasDatabase(string database) =>
        Psql("postgres", $"SELECT count(*) FROM pg_database WHERE datname = '{database.Replace("'", "''", StringComparison.Ordinal)}'") == "1";

    /// <summary>The scratch folder: data directory, server log and Unix socket.</summary>
    public string Folder { get; }

    public int Port { get; }

    /// <summary>
    /// An Npgsql connection string for <paramref name="database"/> on this cluster. Npgsql keeps a pool per database,
    /// and a test process makes a database per test class: idle connections close after a few seconds so the pools of
    /// finished classes do not use up the cluster's connections ("too many clients").
    /// </summary>
    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Connection Idle Lifetime=3;Connection Pruning Interval=1;Include Error Detail=true";

    /// <summary>Creates an empty database with a fresh name (prefixed by <paramref name="purpose"/>) and returns its connection string.</summary>
    public string CreateDatabase(string purpose = "test")
    {
        string prefix = Sanitize(purpose);
        string name = $"{prefix[..Math.Min(prefix.Length, 30)]}_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}"[..^16].ToLowerInvariant();
        Psql("postgres", $"CREATE DATABASE \"{name}\"");
        return ConnectionString(name);
    }

    /// <summary>Runs one SQL command with <c>psql</c> and returns its unaligned output.</summary>
    public string Psql(string database, string sql) =>
        Run(Binary("psql"), ["-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres", "-d", database,
            "-v", "ON_ERROR_STOP=1", "-A", "-t", "-c", sql], asPostgres: false).Trim();

    private static PostgresCluster Start(string? kept)
    {
        if (kept is null)
            SweepLeftovers();
        string directory = kept ?? Path.Combine(Path.GetTempPath(), $"harvestodata-pg-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(directory);
        if (IsRoot)
            Run("chown", ["postgres:postgres", directory], asPostgres: false);
        string data = Path.Combine(directory, "data");
        if (!File.Exists(Path.Combine(data, "PG_VERSION")))
            Run(Binary("initdb"), ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"], asPostgres: true);
        else if (PostmasterRunning(data))
            StopLeftover(data, "fast");
        int port = FreePort();
        // fsync off: a test cluster never survives a crash it has to recover from, and it makes every commit cheap.
        string options = $"-c listen_addresses=127.0.0.1 -p {port} -k {directory} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=600";
        Run(Binary("pg_ctl"), ["-D", data, "-l", Path.Combine(directory, "server.log"), "-o", options, "-w", "-t", "60", "start"], asPostgres: true);
        var cluster = new PostgresCluster(directory, port);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Stop(data, delete: kept is null);
        return cluster;
    }

    private void Stop(string data, bool delete)
    {
        try
        {
            // A kept cluster stops cleanly (fast), so its next start needs no crash recovery.
            Run(Binary("pg_ctl"), ["-D", data, "-m", delete ? "immediate" : "fast", "-w", "stop"], asPostgres: true);
            if (delete)
                Directory.Delete(Folder, recursive: true);
        }
        catch (Exception)
        {
            // Best effort at exit: a leftover scratch folder in /tmp is harmless.
        }
    }

    /// <summary>
    /// The scratch clusters of test processes that are gone: a test host ended by the runner does not always run its exit
    /// handlers, and each leftover holds tens of MB (17 GB had piled up on one machine). Stopped if still running, then deleted.
    /// </summary>
    private static void SweepLeftovers()
    {
        foreach (string folder in Directory.GetDirectories(Path.GetTempPath(), "harvestodata-pg-*"))
        {
            string[] parts = Path.GetFileName(folder).Split('-');
            if (parts.Length < 4 || !int.TryParse(parts[2], out int pid) || Directory.Exists($"/proc/{pid}"))
                continue;
            string data = Path.Combine(folder, "data");
            if (PostmasterRunning(data))
                StopLeftover(data, "immediate");
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another test process sweeping at the same moment, or not ours to delete: leave it.
            }
        }
    }

    /// <summary>
    /// Whether the postmaster of <paramref name="data"/> still runs: its pid file names a live process serving that very
    /// directory (a stale file's pid may belong to another process by now, which must not be signalled).
    /// </summary>
    private static bool PostmasterRunning(string data)
    {
        try
        {
            string pid = File.ReadLines(Path.Combine(data, "postmaster.pid")).First().Trim();
            string commandLine = File.ReadAllText($"/proc/{pid}/cmdline");
            return commandLine.Contains(data, StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>A cluster a killed process left running: stopped (a kept one, so it can start again on a new port).</summary>
    private static void StopLeftover(string data, string mode)
    {
        try
        {
            Run(Binary("pg_ctl"), ["-D", data, "-m", mode, "-w", "-t", "10", "stop"], asPostgres: true);
        }
        catch (InvalidOperationException)
        {
            // Stopped meanwhile.
        }
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static string Binary(string name)
    {
        var found = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin", name)).Where(File.Exists)
                .OrderByDescending(p => int.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(p))), out int v) ? v : 0)
                .FirstOrDefault()
            : null;
        return found ?? throw new InvalidOperationException(
            $"PostgreSQL's '{name}' was not found under /usr/lib/postgresql/*/bin: install Debian's postgresql package (bash .ci/install.sh does).");
    }

    private static string Run(string file, IReadOnlyList<string> arguments, bool asPostgres)
    {
        var start = new ProcessStartInfo(asPostgres && IsRoot ? "runuser" : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/tmp",
        };
        if (asPostgres && IsRoot)
        {
            foreach (string prefix in new[] { "-u", "postgres", "--", file })
                start.ArgumentList.Add(prefix);
        }
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', arguments)} exited {process.ExitCode}: {stderr.Result}{stdout}");
        return stdout;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Sanitize(string purpose) => new(purpose.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
}
