using HarvestOData.Harvest.Catalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace HarvestOData.Mirror.Store;

/// <summary>
/// The EF Core model of the mirror, built from the <see cref="EntityCatalog"/>: one shared-type entity (a property bag,
/// <c>Dictionary&lt;string, object&gt;</c>) per resource and link table, plus the sync tables. Foreign keys are declared
/// for readers and tools but not enforced (<c>Foreign Keys=False</c>), so a partial mirror still inserts.
/// </summary>
public static class MirrorModel
{
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

    private static readonly ValueConverter<DateTimeOffset, string> TimestampText =
        new(v => StoredValue.Timestamp(v), s => StoredValue.ParseTimestamp(s));

    public static void Configure(ModelBuilder model)
    {
        foreach (var resource in EntityCatalog.All)
            model.SharedTypeEntity<Dictionary<string, object>>(resource.Name, b => ConfigureResource(b, resource));
        foreach (var resource in EntityCatalog.All)
        {
            foreach (var link in resource.Links)
                model.SharedTypeEntity<Dictionary<string, object>>(link.Table, b => ConfigureLink(b, resource, link));
        }
        foreach (var table in SyncTables.All)
            model.SharedTypeEntity<Dictionary<string, object>>(table.Name, b => ConfigureSyncTable(b, table));
    }

    private static void ConfigureResource(EntityTypeBuilder<Dictionary<string, object>> b, ResourceDefinition resource)
    {
        b.ToTable(resource.Name);
        foreach (var field in resource.Fields)
            Column(b, field.Column, field.Type, field.Nullable && !field.IsKey);
        b.HasKey("id");
        b.Property<long>("id").ValueGeneratedNever();
        foreach (var field in resource.Fields.Where(f => f.References is not null))
        {
            // Declared for readers (SQLite browsers show the relation); EF also indexes every foreign key column.
            b.HasOne(field.References!).WithMany().HasForeignKey(field.Column)
                .IsRequired(!field.Nullable).OnDelete(DeleteBehavior.NoAction);
        }
        foreach (var date in IndexedDates(resource))
            b.HasIndex(date);
    }

    private static void ConfigureLink(EntityTypeBuilder<Dictionary<string, object>> b, ResourceDefinition owner, LinkDefinition link)
    {
        b.ToTable(link.Table);
        Column(b, link.OwnerColumn, FieldType.Id, nullable: false);
        Column(b, link.TargetColumn, FieldType.Id, nullable: false);
        b.HasKey(link.OwnerColumn, link.TargetColumn);
        b.HasOne(owner.Name).WithMany().HasForeignKey(link.OwnerColumn).OnDelete(DeleteBehavior.NoAction);
        b.HasOne(link.Target).WithMany().HasForeignKey(link.TargetColumn).OnDelete(DeleteBehavior.NoAction);
    }

    private static void ConfigureSyncTable(EntityTypeBuilder<Dictionary<string, object>> b, SyncTable table)
    {
        b.ToTable(table.Name);
        foreach (var (column, type, nullable) in table.Columns)
            Column(b, column, type, nullable);
        b.HasKey(table.Key.ToArray());
        if (table.Autoincrement)
            b.Property<long>(table.Key[0]).ValueGeneratedOnAdd();
        else if (table.Key.Count == 1 && table.Columns.Single(c => c.Column == table.Key[0]).Type == FieldType.Id)
            b.Property<long>(table.Key[0]).ValueGeneratedNever();
    }

    private static void Column(EntityTypeBuilder<Dictionary<string, object>> b, string column, FieldType type, bool nullable)
    {
        PropertyBuilder property = type switch
        {
            FieldType.Id or FieldType.Integer => nullable ? b.Property<long?>(column) : b.Property<long>(column),
            FieldType.Boolean => nullable ? b.Property<bool?>(column) : b.Property<bool>(column),
            FieldType.Decimal => nullable
                ? b.Property<decimal?>(column).HasConversion<double?>()
                : b.Property<decimal>(column).HasConversion<double>(),
            FieldType.Date => nullable ? b.Property<DateOnly?>(column) : b.Property<DateOnly>(column),
            FieldType.Timestamp => nullable
                ? b.Property<DateTimeOffset?>(column).HasConversion(TimestampText)
                : b.Property<DateTimeOffset>(column).HasConversion(TimestampText),
            _ => b.Property<string>(column).IsRequired(!nullable),
        };
        property.HasColumnName(column).HasColumnType(StoredValue.SqlType(type));
    }
}
