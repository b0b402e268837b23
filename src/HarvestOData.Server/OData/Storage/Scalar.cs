using SQLitePCL;

namespace HarvestOData.Server.OData.Storage;

/// <summary>Runs a one-value statement (<c>SELECT count(*) …</c>).</summary>
public static class Scalar
{
    public static long Count(sqlite3 db, string sql, IReadOnlyList<object?> values)
    {
        using var statement = new SqlStatement(db, sql);
        statement.Bind(values);
        return statement.Step() ? statement.Int64(0) : 0;
    }

    public static bool Exists(sqlite3 db, string sql, IReadOnlyList<object?> values)
    {
        using var statement = new SqlStatement(db, sql);
        statement.Bind(values);
        return statement.Step();
    }
}
