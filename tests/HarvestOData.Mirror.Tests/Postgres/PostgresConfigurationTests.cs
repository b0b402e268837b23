using System.Net;
using System.Net.Sockets;
using HarvestOData.Mirror.Store;
using HarvestOData.Mirror.Tests.Support;
using HarvestOData.Sandbox;
using HarvestOData.Server.Cli;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace HarvestOData.Mirror.Tests.Postgres;

/// <summary>A PostgreSQL mirror that cannot be used fails the start with one line naming the key, not a stack trace.</summary>
public sealed class PostgresConfigurationTests
{
    [Fact]
    public async Task An_unreachable_server_fails_the_start_naming_Mirror_ConnectionString()
    {
        var (code, error) = await SyncOnceAsync($"Host=127.0.0.1;Port={ClosedPort()};Database=mirror;Username=postgres;Timeout=3");

        Assert.Equal(StartupErrors.BadConfiguration, code);
        Assert.StartsWith("error: Invalid configuration: Mirror:ConnectionString", error);
        Assert.Contains("could not be used", error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public async Task A_database_that_does_not_exist_fails_the_start_naming_Mirror_ConnectionString()
    {
        var (code, error) = await SyncOnceAsync(PostgresCluster.Shared.ConnectionString("no_such_database"));

        Assert.Equal(StartupErrors.BadConfiguration, code);
        Assert.Contains("Mirror:ConnectionString", error);
        Assert.Contains("no_such_database", error);
    }

    [Fact]
    public void A_password_in_the_connection_string_never_reaches_the_message()
    {
        var database = new MirrorDatabase(Options.Create(new MirrorOptions
        {
            Provider = MirrorDialect.PostgresProvider,
            ConnectionString = "Host=db.example;Port=5433;Database=harvest;Username=sync;Password=s3cret",
        }));

        Assert.Equal("PostgreSQL database 'harvest' on db.example:5433", database.Location);
    }

    [Fact]
    public async Task Sync_once_mirrors_the_sandbox_into_PostgreSQL_and_status_reads_it_back()
    {
        var sandbox = new HarvestSandbox(MirrorHarness.SmallAccount(timeEntries: 300));
        string connectionString = PostgresCluster.Shared.CreateDatabase("cli");

        var (code, error) = await SyncOnceAsync(connectionString, sandbox);

        Assert.True(code == 0, error);
        var database = new MirrorDatabase(Options.Create(new MirrorOptions { Provider = MirrorDialect.PostgresProvider, ConnectionString = connectionString }));
        await SandboxAssert.MirrorEqualsSandbox(new MirrorReader(database), sandbox);
        SandboxAssert.ThrottleRespected(sandbox);

        var status = ServerCommand.Parse(["status", "--Mirror:Provider=postgres", $"--Mirror:ConnectionString={connectionString}"]);
        var builder = ServerHost.CreateBuilder(status);
        builder.Services.Replace(ServiceDescriptor.Singleton(sandbox));
        var output = new StringWriter();
        Assert.Equal(0, await StatusCommand.RunAsync(builder, status, output, new StringWriter(), CancellationToken.None));
        Assert.Contains("time_entries", output.ToString());
    }

    private static async Task<(int Code, string Error)> SyncOnceAsync(string connectionString, HarvestSandbox? sandbox = null)
    {
        sandbox ??= new HarvestSandbox(MirrorHarness.SmallAccount(timeEntries: 10));
        var error = new StringWriter();
        int code = await StartupErrors.ReportAsync(error, async () =>
        {
            var command = ServerCommand.Parse(["sync", "--once", "--Mirror:Provider=postgres", $"--Mirror:ConnectionString={connectionString}",
                "--Harvest:RateLimit:MarginSeconds=0.05"]);
            var builder = ServerHost.CreateBuilder(command);
            builder.Services.Replace(ServiceDescriptor.Singleton(sandbox));
            await using var host = builder.Build();
            return await SyncOnceCommand.RunAsync(host.Services, command, new StringWriter(), error, interactive: false, CancellationToken.None);
        });
        return (code, error.ToString());
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
