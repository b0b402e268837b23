using HarvestOData.Mirror;

namespace HarvestOData.Server.OData.Query;

/// <summary>
/// What the read path's SQL spells differently on each <c>Mirror:Provider</c>. There is one compiler (the translator,
/// the query builders, the report SQL); wherever SQLite and PostgreSQL disagree it asks its <see cref="SqlContext"/>'s
/// dialect instead of writing SQLite.
/// </summary>
public abstract class SqlDialect
{
    public static SqlDialect Sqlite { get; } = new SqliteSql();

    public static SqlDialect Postgres { get; } = new PostgresSql();

    /// <summary>The dialect of the mirror's provider.</summary>
    public static SqlDialect Of(MirrorOptions mirror) => mirror.IsPostgres ? Postgres : Sqlite;

    /// <summary>The positional placeholder of the <paramref name="position"/>th value (1-based).</summary>
    public abstract string Placeholder(int position);

    private sealed class SqliteSql : SqlDialect
    {
        public override string Placeholder(int position) => "?" + position;
    }

    private sealed class PostgresSql : SqlDialect
    {
        public override string Placeholder(int position) => "$" + position;
    }
}
