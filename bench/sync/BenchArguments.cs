using System.Globalization;

namespace HarvestOData.Bench.Sync;

/// <summary>
/// <c>--time-entries N</c> (200000), <c>--window SECONDS</c> (2), <c>--requests N</c> (100), <c>--seed N</c> (42),
/// <c>--deletions N</c> (10), <c>--provider sqlite|postgres</c> (sqlite), <c>--nodes N</c> (1; more than one needs postgres).
/// </summary>
internal sealed record BenchArguments(int TimeEntries, double WindowSeconds, int Requests, int Seed, int Deletions, string Provider, int Nodes)
{
    public static BenchArguments Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
                throw new ArgumentException($"Unexpected argument '{args[i]}'. Usage: --time-entries 200000 --window 2 [--requests 100] [--seed 42] [--deletions 10] [--provider postgres] [--nodes 2]");
            values[args[i][2..]] = args[i + 1];
        }
        if (args.Length % 2 != 0)
            throw new ArgumentException($"'{args[^1]}' needs a value.");
        string provider = values.GetValueOrDefault("provider", "sqlite");
        int nodes = int.Parse(values.GetValueOrDefault("nodes", "1"), CultureInfo.InvariantCulture);
        if (provider is not ("sqlite" or "postgres"))
            throw new ArgumentException($"--provider is sqlite or postgres, not '{provider}'.");
        if (nodes < 1 || (nodes > 1 && provider != "postgres"))
            throw new ArgumentException("--nodes is at least 1, and more than one node needs --provider postgres (one database all nodes share).");
        return new BenchArguments(
            int.Parse(values.GetValueOrDefault("time-entries", "200000"), CultureInfo.InvariantCulture),
            double.Parse(values.GetValueOrDefault("window", "2"), CultureInfo.InvariantCulture),
            int.Parse(values.GetValueOrDefault("requests", "100"), CultureInfo.InvariantCulture),
            int.Parse(values.GetValueOrDefault("seed", "42"), CultureInfo.InvariantCulture),
            int.Parse(values.GetValueOrDefault("deletions", "10"), CultureInfo.InvariantCulture),
            provider,
            nodes);
    }
}
