using System.Text;
using HarvestOData.Harvest.Catalog;

namespace HarvestOData.Mirror.Store;

/// <summary>
/// The SQL that builds an empty mirror, written from the catalog and <see cref="SyncTables"/>: one table per resource and
/// link table with the catalog's columns and storage types, the sync tables, foreign keys declared (not enforced:
/// <c>Foreign Keys=False</c>, so a partial mirror still inserts), and indexes on every foreign-key column and on the dates
/// passes and people filter on. The only place the mirror's DDL is spelled; what differs per database (types, the
/// numbered key, whether foreign keys are declared) comes from the <see cref="MirrorDialect"/>.
/// </summary>
internal static class SchemaScript
{
    /// <summary>Every resource table is keyed by Harvest's id, which foreign keys reference.</summary>
    private const string KeyColumn = "id";

    private sealed record Column(string Name, FieldType Type, bool Nullable, string? Default = null);

    private sealed record ForeignKey(string Column, string Target);

    private sealed record Table(string Name, IReadOnlyList<Column> Columns, IReadOnlyList<string> Key, bool Autoincrement,
        IReadOnlyList<ForeignKey> ForeignKeys, IReadOnlyList<string> Indexed);

    public static string Build(MirrorDialect dialect)
    {
        var sql = new StringBuilder();
        foreach (var table in Tables())
            Write(sql, table, dialect);
        return sql.ToString();
    }

    /// <summary>Every table the script creates.</summary>
    public static IEnumerable<string> TableNames() => Tables().Select(t => t.Name);

    /// <summary>
    /// The columns of <paramref name="resource"/> people and passes filter on by date, indexed: <c>updated_at</c> (the
    /// incremental cursor) and the catalog's date window (<c>spent_date</c>, <c>issue_date</c>), where the table has them.
    /// </summary>
    public static IEnumerable<string> IndexedDates(ResourceDefinition resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (resource.FindField(CatalogNames.UpdatedAt) is not null)
            yield return CatalogNames.UpdatedAt;
        if (resource.DateWindowColumn is { } window)
            yield return window;
    }

    private static IEnumerable<Table> Tables()
    {
        foreach (var resource in EntityCatalog.All)
        {
            var keys = resource.Fields.Where(f => f.References is not null).Select(f => new ForeignKey(f.Column, f.References!)).ToList();
            var columns = resource.Fields.Select(f => new Column(f.Column, f.Type, f.Nullable && !f.IsKey)).ToList();
            if (RowVersion.Applies(resource))
                columns.Add(new Column(RowVersion.Column, FieldType.Integer, false, Default: "1")); // 1 for rows inserted by hand too
            yield return new Table(resource.Name, columns,
                [KeyColumn], Autoincrement: false, keys,
                keys.Select(k => k.Column).Concat(IndexedDates(resource)).Distinct(StringComparer.Ordinal).ToList());
        }
        foreach (var resource in EntityCatalog.All)
        {
            foreach (var link in resource.Links)
            {
                // The owner column leads the primary key, whose index serves it; the target column needs its own.
                yield return new Table(link.Table,
                    [new(link.OwnerColumn, FieldType.Id, false), new(link.TargetColumn, FieldType.Id, false)],
                    [link.OwnerColumn, link.TargetColumn], Autoincrement: false,
                    [new(link.OwnerColumn, resource.Name), new(link.TargetColumn, link.Target)], [link.TargetColumn]);
            }
        }
        foreach (var table in SyncTables.All)
        {
            yield return new Table(table.Name, table.Columns.Select(c => new Column(c.Column, c.Type, c.Nullable)).ToList(),
                table.Key, table.Autoincrement, [], []);
        }
    }

    private static void Write(StringBuilder sql, Table table, MirrorDialect dialect)
    {
        string name = StoredValue.Quote(table.Name);
        var lines = new List<string>();
        bool inlineKey = table.Key.Count == 1;
        foreach (var column in table.Columns)
        {
            string line = $"{StoredValue.Quote(column.Name)} {dialect.SqlType(column.Type)}" + (column.Nullable ? " NULL" : " NOT NULL")
                + (column.Default is null ? "" : " DEFAULT " + column.Default);
            // A single key column is declared inline: an INTEGER one then is SQLite's rowid, as the upsert expects.
            if (inlineKey && column.Name == table.Key[0])
                line += " " + dialect.InlineKey(StoredValue.Quote("PK_" + table.Name), table.Autoincrement);
            lines.Add(line);
        }
        if (!inlineKey)
            lines.Add($"CONSTRAINT {StoredValue.Quote("PK_" + table.Name)} PRIMARY KEY ({string.Join(", ", table.Key.Select(StoredValue.Quote))})");
        foreach (var key in dialect.DeclaresForeignKeys ? table.ForeignKeys : [])
        {
            lines.Add($"CONSTRAINT {StoredValue.Quote($"FK_{table.Name}_{key.Target}_{key.Column}")} FOREIGN KEY ({StoredValue.Quote(key.Column)})"
                + $" REFERENCES {StoredValue.Quote(key.Target)} ({StoredValue.Quote(KeyColumn)})");
        }
        // "\n", not Environment.NewLine: the script is fingerprinted, and a mirror file must not rebuild on another OS.
        sql.Append("CREATE TABLE ").Append(name).Append(" (\n    ").AppendJoin(",\n    ", lines).Append("\n);\n\n");
        foreach (string column in table.Indexed)
            sql.Append($"CREATE INDEX {StoredValue.Quote($"IX_{table.Name}_{column}")} ON {name} ({StoredValue.Quote(column)});\n\n");
    }
}
