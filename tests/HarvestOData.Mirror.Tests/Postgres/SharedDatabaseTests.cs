using HarvestOData.Mirror;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace HarvestOData.Mirror.Tests.Postgres;

/// <summary>What the jobs and the shared throttle read of <c>Mirror:*</c>: on SQLite nothing, on PostgreSQL a usable connection string or a refusal naming the key.</summary>
public sealed class SharedDatabaseTests
{
    private static IConfiguration Settings(string? provider, string? connectionString)
    {
        var settings = new Dictionary<string, string?>();
        if (provider is not null)
            settings["Mirror:Provider"] = provider;
        if (connectionString is not null)
            settings["Mirror:ConnectionString"] = connectionString;
        return new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
    }

    [Fact]
    public void On_sqlite_there_is_no_shared_database()
    {
        Assert.Null(MirrorConfiguration.SharedDatabase(Settings("sqlite", "Data Source=data/harvest.db")));
        Assert.Null(MirrorConfiguration.SharedDatabase(Settings(null, null)));
    }

    [Fact]
    public void On_postgres_the_connection_string_is_used_as_given()
    {
        const string cs = "Host=db.internal;Database=harvest;Username=harvest";
        Assert.Equal(cs, MirrorConfiguration.SharedDatabase(Settings("Postgres", cs)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Data Source=data/harvest.db")]
    [InlineData("Host=db.internal")]
    public void On_postgres_a_missing_or_unusable_connection_string_is_refused_naming_the_key(string? connectionString)
    {
        var refused = Assert.Throws<OptionsValidationException>(() => MirrorConfiguration.SharedDatabase(Settings("postgres", connectionString)));
        Assert.Contains("Mirror:ConnectionString", refused.Message);
    }
}
