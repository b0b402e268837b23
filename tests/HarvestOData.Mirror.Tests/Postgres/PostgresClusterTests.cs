namespace HarvestOData.Mirror.Tests.Postgres;

/// <summary>The private cluster the PostgreSQL tests run on: it starts without Docker or a system service, and each test class gets a database no other class sees.</summary>
public sealed class PostgresClusterTests
{
    [Fact]
    public void Each_database_is_its_own()
    {
        var cluster = PostgresCluster.Shared;
        string first = Database(cluster.CreateDatabase("cluster"));
        string second = Database(cluster.CreateDatabase("cluster"));

        cluster.Psql(first, "CREATE TABLE t (id bigint); INSERT INTO t VALUES (42)");

        Assert.NotEqual(first, second);
        Assert.Equal("42", cluster.Psql(first, "SELECT id FROM t"));
        Assert.Equal("0", cluster.Psql(second, "SELECT count(*) FROM pg_tables WHERE tablename = 't'"));
    }

    private static string Database(string connectionString) =>
        connectionString.Split(';').Single(p => p.StartsWith("Database=", StringComparison.Ordinal))["Database=".Length..];
}
