using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace HarvestOData.Mirror.Tests;

public sealed class ConfigurationTests
{
    private static Exception? Read(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
        return Record.Exception(() => MirrorConfiguration.Read(configuration));
    }

    [Fact]
    public void Defaults_are_valid() => Assert.Null(Read());

    [Theory]
    [InlineData("Mirror:Provider", "oracle", "Mirror:Provider")]
    [InlineData("Mirror:ConnectionString", "Data Source=:memory:", "Mirror:ConnectionString")]
    [InlineData("Mirror:ConnectionString", "Data Source=x.db;Bogus Key=1", "Mirror:ConnectionString")]
    [InlineData("Sync:Interval", "every five minutes", "Sync:Interval")]
    [InlineData("Sync:Interval", "00:00:00", "Sync:Interval")]
    [InlineData("Sync:ReconcileInterval", "-1.00:00:00", "Sync:ReconcileInterval")]
    [InlineData("Sync:Overlap", "00:00:00", "Sync:Overlap")]
    public void A_bad_setting_fails_naming_its_key(string key, string value, string named)
    {
        var error = Assert.IsType<OptionsValidationException>(Read((key, value)));
        Assert.Contains(named, error.Message);
    }

    [Fact]
    public void A_postgres_mirror_is_valid_with_an_Npgsql_connection_string() =>
        Assert.Null(Read(("Mirror:Provider", "postgres"), ("Mirror:ConnectionString", "Host=db.internal;Port=5432;Database=harvest;Username=sync")));

    [Theory]
    [InlineData("Data Source=data/harvest.db")]
    [InlineData("Host=db.internal;Username=sync")]
    [InlineData("Host=db.internal;Database=harvest;Bogus Key=1")]
    public void A_postgres_mirror_with_a_connection_string_that_is_not_for_PostgreSQL_fails_naming_it(string connectionString)
    {
        var error = Assert.IsType<OptionsValidationException>(Read(("Mirror:Provider", "postgres"), ("Mirror:ConnectionString", connectionString)));
        Assert.Contains("Mirror:ConnectionString", error.Message);
    }
}
