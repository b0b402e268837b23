namespace HarvestOData.Server.Cli;

/// <summary>What the command line asks for.</summary>
public enum CommandVerb
{
    Serve,
    SyncOnce,
    Status,
    Help,
}

/// <summary>
/// The server's command line: <c>serve</c> (default), <c>sync --once [--resource NAME]</c>, <c>status [--json]</c>,
/// <c>--help</c>. Every other argument is configuration (<c>--Section:Key=value</c>, <c>--urls</c>) and goes to the host
/// untouched.
/// </summary>
public sealed record ServerCommand(CommandVerb Verb, string? Resource, string[] ConfigurationArgs, bool Json = false)
{
    /// <summary><c>sync --once --max-wait 10m</c>: the longest throttle hold (<c>Retry-After</c>) the run waits out; null = no bound.</summary>
    public TimeSpan? MaxWait { get; init; }

    public const string Usage =
        "usage: HarvestOData.Server [serve] [--Section:Key=value ...]\n" +
        "       HarvestOData.Server sync --once [--resource NAME] [--max-wait DURATION] [--Section:Key=value ...]\n" +
        "       HarvestOData.Server status [--json] [--Section:Key=value ...]\n" +
        "       HarvestOData.Server --help";

    /// <summary>What <c>--help</c> prints; the settings and their defaults come from <see cref="SettingsHelp"/>.</summary>
    public static string Help { get; } = $"""
        HarvestOData.Server mirrors a Harvest account into SQLite and serves it as an OData feed for Excel and Power BI.

        commands:
          serve (default)                 run the server: sync jobs, OData at /odata, status page at / (administrators),
                                          /healthz/live and /healthz/ready, the Power Query connector at /connector/HarvestOData.mez
          sync --once [--resource NAME]   mirror every resource (or one) once with a live progress display and a summary;
                                          exit 0 when the mirror matches Harvest as far as checked, 1 otherwise
          --max-wait DURATION             (with sync --once) when Harvest asks to wait longer (Retry-After), stop with
                                          exit 1 instead of waiting; e.g. 90s, 10m, 1h, 00:10:00 (default: no bound;
                                          a wait of more than a few seconds is announced with the time it resumes)
          status [--json]                 print the mirror's sync state from the local database (no server needed);
                                          exit 0 when every resource has mirrored and none failed last, 1 otherwise
          --help                          this text

        configuration (appsettings.json, environment variables such as Harvest__Token, or --Section:Key=value):
        {SettingsHelp.Text()}

        exit codes: 0 ok, 1 failure (mirror incomplete, Harvest unreachable), 2 usage or configuration error.
        """;

    public bool IsSyncOnce => Verb == CommandVerb.SyncOnce;

    public static ServerCommand Parse(IReadOnlyList<string> args)
    {
        if (args.Any(a => a is "--help" or "-h" or "-?" or "/?" or "help"))
            return new ServerCommand(CommandVerb.Help, null, []);
        var rest = new List<string>();
        string? verb = null, resource = null;
        TimeSpan? maxWait = null;
        bool once = false, json = false;
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (verb is null && rest.Count == 0 && arg is "serve" or "sync" or "status")
                verb = arg;
            else if (verb == "sync" && arg == "--once")
                once = true;
            else if (verb == "sync" && arg == "--resource")
                resource = i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)
                    ? args[++i]
                    : throw new ServerCommandException("--resource needs a resource name (e.g. --resource time_entries).");
            else if (verb == "sync" && arg.StartsWith("--resource=", StringComparison.Ordinal))
                resource = arg["--resource=".Length..];
            else if (verb == "sync" && (arg == "--max-wait" || arg.StartsWith("--max-wait=", StringComparison.Ordinal)))
                maxWait = Duration(arg.Contains('=') ? arg[(arg.IndexOf('=') + 1)..] : i + 1 < args.Count ? args[++i] : null);
            else if (verb == "status" && arg == "--json")
                json = true;
            else if (!arg.StartsWith('-') && !arg.StartsWith('/') && !arg.Contains('=') && !IsValueOf(rest))
                throw new ServerCommandException($"Unknown command or argument '{arg}'.");
            else if (arg.StartsWith("--", StringComparison.Ordinal) && !arg.Contains(':') && !arg.Contains('=') && !IsHostOption(arg))
                throw new ServerCommandException($"Unknown option '{arg}' (configuration is --Section:Key=value).");
            else
                rest.Add(arg);
        }
        if (verb == "sync" && !once)
            throw new ServerCommandException("'sync' needs --once (the recurring sync runs inside 'serve').");
        var kind = verb switch
        {
            "sync" => CommandVerb.SyncOnce,
            "status" => CommandVerb.Status,
            _ => CommandVerb.Serve,
        };
        return new ServerCommand(kind, resource, [.. rest], json) { MaxWait = maxWait };
    }

    /// <summary>A duration as an operator writes it: <c>90s</c>, <c>10m</c>, <c>1h</c>, or <c>hh:mm:ss</c>.</summary>
    private static TimeSpan Duration(string? text)
    {
        text = text?.Trim();
        if (!string.IsNullOrEmpty(text))
        {
            char unit = char.ToLowerInvariant(text[^1]);
            if (unit is 's' or 'm' or 'h' && double.TryParse(text[..^1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double amount) && amount >= 0)
                return unit switch { 's' => TimeSpan.FromSeconds(amount), 'm' => TimeSpan.FromMinutes(amount), _ => TimeSpan.FromHours(amount) };
            if (TimeSpan.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var span) && span >= TimeSpan.Zero)
                return span;
        }
        throw new ServerCommandException($"--max-wait needs a duration such as 90s, 10m, 1h or 00:10:00 (got '{text}').");
    }

    /// <summary>Whether the next argument is the value of a <c>--Key value</c> pair.</summary>
    private static bool IsValueOf(List<string> rest) =>
        rest.Count > 0 && rest[^1].StartsWith('-') && !rest[^1].Contains('=');

    /// <summary>The host's own switches that are not Section:Key configuration (<c>--urls http://…</c>, <c>--environment</c>).</summary>
    private static bool IsHostOption(string arg) =>
        arg.TrimStart('-').ToLowerInvariant() is "urls" or "environment" or "contentroot" or "applicationname";
}

/// <summary>The command line is not understood; the message says what was wrong.</summary>
public sealed class ServerCommandException(string message) : Exception(message);
