using System.Data.Common;
using System.Globalization;
using HarvestOData.Harvest;
using HarvestOData.Mirror;
using HarvestOData.Mirror.Store;
using HarvestOData.Mirror.Sync;
using HarvestOData.Sandbox;
using HarvestOData.Server.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace HarvestOData.Server.Tests.Dialect;

/// <summary>
/// One small sandbox mirrored twice by the mirror's own schema and sync: into a SQLite file and into a fresh PostgreSQL
/// database of the test cluster. Both hold the same rows, so a query compiled for each dialect must give the same rows.
/// </summary>
public sealed class DialectFixture : IAsyncLifetime
{
    public HarvestSandbox Sandbox { get; } = ODataFixture.NewSandbox();

    public string SqlitePath { get; } = MirrorFile.NewPath();

    public string PostgresConnectionString { get; } = LinguisticDatabase();

    /// <summary>
    /// A database whose default collation is ICU's English, where 'apple' sorts before 'Banana' and upper() knows 'é':
    /// the compiler must still sort and fold as SQLite does (code points, ASCII letters only), whatever the server's locale.
    /// </summary>
    private static string LinguisticDatabase()
    {
        string name = "dialect_icu_" + Guid.NewGuid().ToString("N")[..12];
        PostgresCluster.Shared.Psql("postgres", $"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'");
        return PostgresCluster.Shared.ConnectionString(name);
    }

    public async Task InitializeAsync()
    {
        await MirrorAsync(MirrorDialect.SqliteProvider, $"Data Source={SqlitePath}");
        await MirrorAsync(MirrorDialect.PostgresProvider, PostgresConnectionString);
        foreach (bool postgres in new[] { false, true })
            await AccentAsync(postgres);
        await using var connection = await OpenAsync(postgres: false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT spent_date, created_at, project_id FROM time_entries ORDER BY id LIMIT 1 OFFSET 1500";
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        Day = DateOnly.ParseExact(reader.GetString(0), "yyyy-MM-dd", CultureInfo.InvariantCulture);
        Instant = DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture);
        Project = reader.GetInt64(2);
    }

    /// <summary>A project with time entries.</summary>
    public long Project { get; private set; }

    /// <summary>
    /// Gives a client and a few time entries accented names and notes in both mirrors (the sandbox writes ASCII): SQLite
    /// folds case and sorts by code point, and PostgreSQL must not fold or sort <c>É</c> by its locale instead.
    /// </summary>
    private async Task AccentAsync(bool postgres)
    {
        await using var connection = await OpenAsync(postgres);
        await using var command = connection.CreateCommand();
        command.CommandText =
            "UPDATE clients SET name = 'Élan Études' WHERE id = (SELECT min(id) FROM clients);" +
            "UPDATE time_entries SET notes = 'Réunion ÉTÉ naïve' WHERE id IN (SELECT id FROM time_entries ORDER BY id LIMIT 7);" +
            "UPDATE time_entries SET notes = 'réunion été' WHERE id IN (SELECT id FROM time_entries ORDER BY id DESC LIMIT 5);";
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A day and an instant from the middle of the time entries, for literals that select some rows but not all.</summary>
    public DateOnly Day { get; private set; }

    public DateTimeOffset Instant { get; private set; }

    /// <summary><paramref name="url"/> with <c>{day}</c>, <c>{day+30}</c>, <c>{year}</c>, <c>{project}</c>, <c>{instant}</c> and <c>{instant.5}</c> filled in.</summary>
    public string Fill(string url) => url
        .Replace("{day}", Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{day+30}", Day.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{project}", Project.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{year}", Day.Year.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{instant}", Instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{instant.5}", Instant.UtcDateTime.AddMilliseconds(500).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture), StringComparison.Ordinal);

    private async Task MirrorAsync(string provider, string connectionString)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Harvest:BaseUrl"] = Sandbox.BaseAddress.ToString(),
            ["Harvest:AccountId"] = Sandbox.AccountId,
            ["Harvest:Token"] = Sandbox.Administrator.Token,
            ["Harvest:RateLimit:Requests"] = Sandbox.Options.RateLimitRequests.ToString(CultureInfo.InvariantCulture),
            ["Harvest:RateLimit:WindowSeconds"] = Sandbox.Options.RateLimitWindowSeconds.ToString(CultureInfo.InvariantCulture),
            ["Mirror:Provider"] = provider,
            ["Mirror:ConnectionString"] = connectionString,
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddHarvestClient(configuration, _ => Sandbox.CreateHandler());
        services.AddMirror(configuration);
        await using var provided = services.BuildServiceProvider();
        await ODataFixture.SyncAsync(provided);
    }

    /// <summary>The caller a sandbox user's token stands for, with the access roles the mirror holds for them.</summary>
    public async Task<HarvestOData.Server.Auth.Caller> CallerAsync(SandboxUser user)
    {
        await using var connection = await OpenAsync(postgres: false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT access_roles FROM users WHERE id = {user.UserId}";
        string roles = await command.ExecuteScalarAsync() as string ?? "";
        var set = roles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        return new HarvestOData.Server.Auth.Caller(user.UserId, set.Count == 0 ? new HashSet<string> { "member" } : set);
    }

    /// <summary>
    /// The PostgreSQL sessions run far from UTC (and across the date line from the sandbox's days), so a date part or a
    /// date taken in the session's time zone instead of UTC changes results.
    /// </summary>
    public const string SessionTimeZone = "Pacific/Kiritimati";

    public async Task<DbConnection> OpenAsync(bool postgres)
    {
        DbConnection connection = postgres
            ? new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PostgresConnectionString) { Timezone = SessionTimeZone }.ConnectionString)
            : new SqliteConnection($"Data Source={SqlitePath}");
        await connection.OpenAsync();
        return connection;
    }

    public Task DisposeAsync()
    {
        MirrorFile.Delete(SqlitePath);
        NpgsqlConnection.ClearAllPools();
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class DialectCollection : ICollectionFixture<DialectFixture>
{
    public const string Name = "One sandbox mirrored on SQLite and on PostgreSQL";
}
