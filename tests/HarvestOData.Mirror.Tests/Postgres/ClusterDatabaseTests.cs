using HarvestOData.Mirror.Jobs.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace HarvestOData.Mirror.Tests.Postgres;

/// <summary>What the jobs and the shared throttle read of <c>Mirror:*</c>: on SQLite nothing, on PostgreSQL a usable connection string or a refusal naming the key.</summary>
public sealed class ClusterDatabaseTests
{
    private static IConfiguration Settings(string? provider, string? connectionString) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Mirror:Provider"] = provider,
            ["Mirror:ConnectionString"] = connectionString,
        }).Build();

    [Fact]
    public void On_sqlite_there_is_no_shared_database()
    {
        Assert.Null(ClusterDatabase.ConnectionString(Settings("sqlite", "Data Source=data/harvest.db")));
        Assert.Null(ClusterDatabase.ConnectionString(Settings(null, null)));
    }

    [Fact]
    public void On_postgres_the_connection_string_is_used_as_given()
    {
        const string cs = "Host=db.internal;Database=harvest;Username=harvest";
        Assert.Equal(cs, ClusterDatabase.ConnectionString(Settings("Postgres", cs)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Data Source=data/harvest.db")]
    [InlineData("Host=db.internal")]
    public void On_postgres_a_missing_or_unusable_connection_string_is_refused_naming_the_key(string? connectionString)
    {
        var refused = Assert.Throws<OptionsValidationException>(() => ClusterDatabase.ConnectionString(Settings("postgres", connectionString)));
        Assert.Contains("Mirror:ConnectionString", refused.Message);
    }
}
