using System.Globalization;
using HarvestOData.Server.Auth;
using HarvestOData.Server.OData.Query;
using Xunit.Sdk;

namespace HarvestOData.Server.Tests.Dialect;

/// <summary>Runs one URL compiled for SQLite over the SQLite mirror and compiled for PostgreSQL over the PostgreSQL mirror.</summary>
public static class SameResults
{
    public static async Task<List<object?[]>> AssertAsync(DialectFixture fixture, string url, Caller caller, IReadOnlyList<object?>? after = null, bool count = false)
    {
        var sqliteQuery = DialectQuery.Compile(url, SqlDialect.Sqlite, caller, after, count);
        var postgresQuery = DialectQuery.Compile(url, SqlDialect.Postgres, caller, after, count);
        List<object?[]> sqlite, postgres;
        await using (var connection = await fixture.OpenAsync(postgres: false))
            sqlite = await sqliteQuery.RunAsync(connection);
        await using (var connection = await fixture.OpenAsync(postgres: true))
        {
            try
            {
                postgres = await postgresQuery.RunAsync(connection);
            }
            catch (Npgsql.PostgresException e)
            {
                throw new XunitException($"PostgreSQL refused the statement of {url}: {e.MessageText}\n{postgresQuery}");
            }
        }
        string Where(int row) => $"{url}: row {row} of {sqlite.Count}\nSQLite:     {sqliteQuery}\nPostgreSQL: {postgresQuery}";
        Assert.True(sqlite.Count == postgres.Count, $"{url}: SQLite has {sqlite.Count} rows, PostgreSQL {postgres.Count}\nPostgreSQL: {postgresQuery}");
        for (int i = 0; i < sqlite.Count; i++)
        {
            Assert.True(sqlite[i].Length == postgres[i].Length, Where(i));
            for (int c = 0; c < sqlite[i].Length; c++)
            {
                if (!Same(sqlite[i][c], postgres[i][c]))
                    throw new XunitException($"{Where(i)}\ncolumn {c}: SQLite {Show(sqlite[i][c])}, PostgreSQL {Show(postgres[i][c])}");
            }
        }
        return sqlite;
    }

    /// <summary>REAL and numeric agree to the last digits a double holds; everything else exactly.</summary>
    private static bool Same(object? a, object? b) => (a, b) switch
    {
        (double x, double y) => Math.Abs(x - y) <= 1e-9 * Math.Max(1, Math.Max(Math.Abs(x), Math.Abs(y))),
        (long x, double y) => Same((double)x, y),
        (double x, long y) => Same(x, (double)y),
        _ => Equals(a, b),
    };

    private static string Show(object? value) => value switch
    {
        null => "NULL",
        string s => $"'{s}'",
        IFormattable f => $"{f.ToString(null, CultureInfo.InvariantCulture)} ({value.GetType().Name})",
        _ => value.ToString() ?? "",
    };
}
