using System.Data.Common;
using HarvestOData.Harvest.Catalog;
using Npgsql;

namespace HarvestOData.Mirror.Store;

/// <summary>
/// What differs between the databases the mirror runs on (<c>Mirror:Provider</c>): connections, column types, how a
/// value is stored and read back, and the few statements whose SQL is not common to both. Everything else (the schema's
/// shape, the upsert rules, checkpoints, leases, deletion checks) is one implementation written against ADO.NET's
/// <see cref="DbConnection"/>, with parameters spelled <c>@name</c>, which both providers accept.
/// </summary>
public abstract class MirrorDialect
{
    public const string SqliteProvider = "sqlite";
    public const string PostgresProvider = "postgres";

    public static MirrorDialect Sqlite { get; } = new SqliteDialect();

    public static MirrorDialect Postgres { get; } = new PostgresDialect();

    /// <summary>The dialect of <c>Mirror:Provider</c>; null for a provider the mirror does not know.</summary>
    public static MirrorDialect? Find(string? provider) => provider?.Trim().ToLowerInvariant() switch
    {
        SqliteProvider => Sqlite,
        PostgresProvider => Postgres,
        _ => null,
    };

    /// <summary>The dialect a connection speaks: code that is handed a connection needs no second argument.</summary>
    public static MirrorDialect Of(DbConnection connection) => connection is NpgsqlConnection ? Postgres : Sqlite;

    /// <summary>The <c>Mirror:Provider</c> value.</summary>
    public abstract string Provider { get; }

    internal abstract DbConnection CreateConnection(string connectionString);

    /// <summary>Per-connection settings, run after every open of a read-write connection.</summary>
    internal virtual Task OnOpenAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A transaction that may write: it must not fail half-way because another writer came first.</summary>
    internal abstract ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>The column type of a field type.</summary>
    public abstract string SqlType(FieldType type);

    /// <summary>
    /// The primary-key clause of a single key column after its type; <paramref name="numbered"/> when the database numbers
    /// it (<c>sync_deletions.id</c>).
    /// </summary>
    internal abstract string InlineKey(string constraint, bool numbered);

    /// <summary>
    /// Whether foreign keys are declared in the DDL. They must never be enforced: a partial mirror (a manager's token, a
    /// page not fetched yet) has rows whose parents are missing.
    /// </summary>
    internal abstract bool DeclaresForeignKeys { get; }

    /// <summary>A <see cref="HarvestRecord"/> value as the parameter value stored in the mirror.</summary>
    public abstract object ToStorage(FieldType type, object? value);

    /// <summary>The stored value at <paramref name="ordinal"/> typed as <see cref="HarvestRecord"/> types it.</summary>
    public abstract object? Read(FieldType type, DbDataReader reader, int ordinal);

    /// <summary>A null-safe "differs" of two expressions (true when exactly one is null, or both are set and unequal).</summary>
    internal abstract string Differs(string left, string right);

    /// <summary>An insert of <paramref name="rows"/> (<c>VALUES …</c> or a <c>SELECT</c>) that skips rows whose key is already there.</summary>
    internal abstract string InsertOrIgnore(string table, string columns, string rows);

    /// <summary>
    /// A table expression with one column <c>value</c>, the ids of <paramref name="parameter"/> (bound with <see cref="IdList"/>):
    /// how a whole set of ids travels as one parameter.
    /// </summary>
    internal abstract string IdTable(string parameter);

    internal abstract object IdList(IReadOnlyCollection<long> ids);

    /// <summary>A count of the tables named <c>@name</c> in the mirror's schema.</summary>
    internal abstract string TableExistsSql { get; }

    /// <summary>The names of every table of the mirror's schema (to drop them before a rebuild).</summary>
    internal abstract string TablesSql { get; }

    /// <summary>
    /// Whether the mirror owns every table of its database, so a rebuild drops them all (tables of an older catalog
    /// included). A SQLite file is the mirror's own; a PostgreSQL schema is shared with the jobs, the throttle and
    /// whatever else the operator keeps there, so only the tables the mirror creates are dropped.
    /// </summary>
    internal abstract bool OwnsDatabase { get; }

    /// <summary>
    /// Marks the session it runs on as the live holder of lease owner <c>@owner</c> until <see cref="ReleaseOwnerSql"/> or
    /// the session's end; null when the database has no such notion (SQLite: a file has no sessions to outlive a process).
    /// </summary>
    internal virtual string? HoldOwnerSql => null;

    internal virtual string? ReleaseOwnerSql => null;

    /// <summary>True when no session holds lease owner <c>@owner</c> any more (its process died); null where unknown.</summary>
    internal virtual string? OwnerGoneSql => null;

    /// <summary>Run once before the schema is checked (SQLite: the journal mode is a property of the file).</summary>
    internal virtual string? PrepareSql => null;

    /// <summary>
    /// Run first in the transaction that rebuilds the schema, so two processes starting at once build it once: SQLite's
    /// write transaction already excludes other writers; PostgreSQL's needs an explicit lock.
    /// </summary>
    internal virtual string? SchemaLockSql => null;

    /// <summary>
    /// A parameter for values of <paramref name="type"/>, typed before it has a value: a prepared statement (the page
    /// upsert, run once per row) is planned once for those types.
    /// </summary>
    internal DbParameter AddTypedParameter(DbCommand command, string name, FieldType type)
    {
        var parameter = command.AddParameter(name, DBNull.Value);
        SetType(parameter, type);
        return parameter;
    }

    /// <summary>Types <paramref name="parameter"/> for values of <paramref name="type"/> where the provider wants it (PostgreSQL).</summary>
    internal virtual void SetType(DbParameter parameter, FieldType type)
    {
    }
}
