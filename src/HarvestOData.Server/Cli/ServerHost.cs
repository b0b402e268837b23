using HarvestOData.Mirror;

namespace HarvestOData.Server.Cli;

/// <summary>The host every command shares: configuration, logging, the Harvest connection (or the sandbox), the mirror and its sync engine.</summary>
public static class ServerHost
{
    public static WebApplicationBuilder CreateBuilder(ServerCommand command)
    {
        var builder = WebApplication.CreateBuilder(command.ConfigurationArgs);
        builder.UseDefaultUrls();
        builder.AddOperatorLogging(toStandardError: command.Verb != CommandVerb.Serve);
        builder.AddHarvestConnection();
        builder.Services.AddMirror(builder.Configuration);
        if (command.IsSyncOnce)
            ThrottleWaits.Add(builder.Services);
        return builder;
    }
}
