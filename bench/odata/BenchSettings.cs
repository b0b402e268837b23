namespace HarvestOData.Bench.OData;

/// <summary>
/// Command line of the bench: <c>--rows N</c> (time entries, default 1,000,000), <c>--rounds N</c> (measured rounds after
/// one warm-up round, default 3, at least 3), <c>--rebuild</c>, <c>--skip-cap</c>, <c>--postgres</c> (also mirror into
/// PostgreSQL and measure a server on it against psql), <c>--postgres-only</c> (that phase alone).
/// </summary>
public sealed record BenchSettings(int Rows, bool Rebuild, bool SkipCap, string Root, int Rounds = 3, bool Postgres = false, bool PostgresOnly = false)
{
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
