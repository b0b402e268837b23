namespace HarvestOData.Bench.OData;

/// <summary>
/// Command line of the bench: <c>--rows N</c> (time entries, default 1,000,000), <c>--rounds N</c> (measured rounds after
/// one warm-up round, default 3, at least 3), <c>--rebuild</c>, <c>--skip-cap</c>, <c>--postgres</c> (also mirror into
/// PostgreSQL and measure a server on it against psql), <c>--postgres-only</c> (that phase alone).
/// </summary>
public sealed record BenchSettings(int Rows, bool Rebuild, bool SkipCap, string Root, int Rounds = 3, bool Postgres = false, bool PostgresOnly = false)
{
    /// <summary>
    /// The sync interval of the servers measured in rounds: passes run during the rounds, at the shortest interval a
    /// real account sustains (an incremental round of every resource with nothing new costs 16 calls; every 2 s that is
    /// 8 calls/s against Harvest's 6.7). At 2 s, Hangfire's bookkeeping of 10 jobs/s kept a PostgreSQL server and its
    /// database 1.1 of the 2 cores busy doing nothing, and the psql contender's own times swung up to 6 fold.
    /// </summary>
    public const string RoundsSyncInterval = "00:00:10";

    /// <summary>The load phase's: it is there to have the sync write while 50 readers read.</summary>
    public const string LoadSyncInterval = "00:00:02";

    public string OutDir => Path.Combine(Root, "bench", "out");

    public string MirrorPath => Path.Combine(OutDir, $"odata-bench-{Rows}.db");

    public string ServerDll => Path.Combine(Root, "src", "HarvestOData.Server", "bin", "Release", "net10.0", "HarvestOData.Server.dll");

    public string ReferenceDll => Path.Combine(Root, "bench", "odata", "reference", "bin", "Release", "net10.0", "HarvestOData.Bench.Reference.dll");

    public string CapDir => Path.Combine(Root, "bench", "odata", "cap");

    public static BenchSettings Parse(string[] args)
    {
        int rows = 1_000_000, rounds = 3;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--rows" && i + 1 < args.Length)
                rows = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            else if (args[i] == "--rounds" && i + 1 < args.Length)
                rounds = Math.Max(3, int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture));
        }
        string root = Directory.GetCurrentDirectory();
        while (!File.Exists(Path.Combine(root, "HarvestOData.sln")))
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("Run from inside the repository.");
        return new BenchSettings(rows, args.Contains("--rebuild"), args.Contains("--skip-cap"), root, rounds,
            args.Contains("--postgres") || args.Contains("--postgres-only"), args.Contains("--postgres-only"));
    }
}
