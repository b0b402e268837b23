using System.Data.Common;
using HarvestOData.Harvest.Catalog;
using Microsoft.Data.Sqlite;

namespace HarvestOData.Mirror.Store;

/// <summary>The mirror in one SQLite file: the storage convention of <see cref="StoredValue"/> (ISO text dates, REAL decimals).</summary>
internal sealed class SqliteDialect : MirrorDialect
{
    public override string Provider => SqliteProvider;

    internal override DbConnection CreateConnection(string connectionString) => new SqliteConnection(connectionString);

    internal override async Task OnOpenAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // In WAL mode NORMAL never corrupts and keeps every commit across a process crash; only a power cut may lose
        // the last commits, and those pages are re-read from their checkpoint. FULL would fsync every page.
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous = NORMAL;";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // IMMEDIATE: take the write lock up front, so a transaction never fails half-way on an upgrade to writer.
    internal override ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    public override string SqlType(FieldType type) => StoredValue.SqlType(type);

    // A single INTEGER key declared inline is SQLite's rowid; AUTOINCREMENT never reuses the id of a deleted row.
    internal override string InlineKey(string constraint, bool numbered) => $"CONSTRAINT {constraint} PRIMARY KEY" + (numbered ? " AUTOINCREMENT" : "");

    // Declared for readers and tools; the connection string turns enforcement off (Foreign Keys=False).
    internal override bool DeclaresForeignKeys => true;

    public override object ToStorage(FieldType type, object? value) => StoredValue.ToStorage(type, value);

    public override object? Read(FieldType type, DbDataReader reader, int ordinal) => StoredValue.Read(type, reader, ordinal);

    internal override string Differs(string left, string right) => $"{left} IS NOT {right}";

    internal override string InsertOrIgnore(string table, string columns, string rows) => $"INSERT OR IGNORE INTO {table} ({columns}) {rows}";

    internal override string IdTable(string parameter) => $"json_each({parameter})";

    internal override object IdList(IReadOnlyCollection<long> ids) => System.Text.Json.JsonSerializer.Serialize(ids);

    internal override bool OwnsDatabase => true;

    internal override string TableExistsSql => "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = @name;";

    internal override string TablesSql => "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%';";

    // WAL is a property of the file: readers (OData) never block the writer (sync) and vice versa.
    internal override string? PrepareSql => "PRAGMA journal_mode=WAL;";
}
