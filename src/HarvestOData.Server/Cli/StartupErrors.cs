using HarvestOData.Mirror;
using Microsoft.Extensions.Options;

namespace HarvestOData.Server.Cli;

/// <summary>
/// Turns the failures a person can fix (a bad command line, a missing or malformed setting) into one clear line on
/// stderr and an exit code, instead of a stack trace. Anything else — including the host-abort signal
/// WebApplicationFactory uses — passes through.
/// </summary>
public static class StartupErrors
{
    /// <summary>Exit code of a command line or setting a person must fix (issue 7: 0 ok, 1 failure, 2 usage or configuration).</summary>
    public const int BadCommandLine = 2;

    public const int BadConfiguration = 2;

    public static async Task<int> ReportAsync(TextWriter error, Func<Task<int>> run)
    {
        try
        {
            return await run();
        }
        catch (ServerCommandException e)
        {
            await error.WriteLineAsync($"error: {e.Message}\n{ServerCommand.Usage}\n(--help lists the commands and settings)");
            return BadCommandLine;
        }
        catch (Exception e) when (ConfigurationMessage(e) is { } message)
        {
            await error.WriteLineAsync($"error: {message}");
            return BadConfiguration;
        }
    }

    private static string? ConfigurationMessage(Exception e) => e switch
    {
        OptionsValidationException options => "Invalid configuration: " + string.Join(" ", options.Failures),
        AggregateException { InnerExceptions: [var inner] } => ConfigurationMessage(inner),
        _ when e.InnerException is { } inner => ConfigurationMessage(inner),
        _ => null,
    };
}
