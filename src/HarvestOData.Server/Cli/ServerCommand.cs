namespace HarvestOData.Server.Cli;

/// <summary>
/// The server's command line: <c>serve</c> (default) or <c>sync --once [--resource NAME]</c>. Every other argument
/// is configuration (<c>--Section:Key=value</c>, <c>--urls</c>) and goes to the host untouched.
/// </summary>
public sealed record ServerCommand(bool IsSyncOnce, string? Resource, string[] ConfigurationArgs)
{
    public const string Usage =
        "usage: HarvestOData.Server [serve] [--Section:Key=value ...]\n" +
        "       HarvestOData.Server sync --once [--resource NAME] [--Section:Key=value ...]";

    public static ServerCommand Parse(IReadOnlyList<string> args)
    {
        var rest = new List<string>();
        string? verb = null, resource = null;
        bool once = false;
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (verb is null && rest.Count == 0 && arg is "serve" or "sync")
                verb = arg;
            else if (verb == "sync" && arg == "--once")
                once = true;
            else if (verb == "sync" && arg == "--resource")
                resource = i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)
                    ? args[++i]
                    : throw new ServerCommandException("--resource needs a resource name (e.g. --resource time_entries).");
            else if (verb == "sync" && arg.StartsWith("--resource=", StringComparison.Ordinal))
                resource = arg["--resource=".Length..];
            else if (!arg.StartsWith('-') && !arg.StartsWith('/') && !arg.Contains('=') && !IsValueOf(rest))
                throw new ServerCommandException($"Unknown command or argument '{arg}'.");
            else
                rest.Add(arg);
        }
        if (verb == "sync" && !once)
            throw new ServerCommandException("'sync' needs --once (the recurring sync runs inside 'serve').");
        return new ServerCommand(verb == "sync", resource, [.. rest]);
    }

    /// <summary>Whether the next argument is the value of a <c>--Key value</c> pair.</summary>
    private static bool IsValueOf(List<string> rest) =>
        rest.Count > 0 && rest[^1].StartsWith('-') && !rest[^1].Contains('=');
}

/// <summary>The command line is not understood; the message says what was wrong.</summary>
public sealed class ServerCommandException(string message) : Exception(message);
