namespace HarvestOData.Server.OData.Storage;

/// <summary>
/// One request's read-only hold on the mirror (<see cref="MirrorConnections.OpenAsync"/>): prepares its statements,
/// answers its scalar checks and stops whatever runs when the request's token is cancelled (timeout, client gone).
/// </summary>
public abstract class MirrorSession : IAsyncDisposable
{
    /// <summary>
    /// A statement of expansion nesting <paramref name="level"/> (0: the request's own rows). A level's statement runs
    /// once per row of the level above while that row's reader is still open.
    /// </summary>
    public abstract SqlStatement Prepare(string sql, int level = 0);

    /// <summary>Runs a one-value statement (<c>SELECT count(*) …</c>).</summary>
    public long Count(string sql, IReadOnlyList<object?> values)
    {
        using var statement = Prepare(sql);
        statement.Bind(values);
        return statement.Step() ? statement.Int64(0) : 0;
    }

    /// <summary>Whether a statement returns any row.</summary>
    public bool Exists(string sql, IReadOnlyList<object?> values)
    {
        using var statement = Prepare(sql);
        statement.Bind(values);
        return statement.Step();
    }

    public abstract ValueTask DisposeAsync();

    /// <summary>
    /// Whether <paramref name="exception"/> says the mirror cannot be read now (missing, locked, unreachable, tables not
    /// created) rather than that the code is wrong: the writes' read-back then answers without the row.
    /// </summary>
    public static bool CannotRead(Exception exception) =>
        exception is MirrorUnavailableException or Microsoft.Data.Sqlite.SqliteException or Npgsql.NpgsqlException;
}
