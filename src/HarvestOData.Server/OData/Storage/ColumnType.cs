namespace HarvestOData.Server.OData.Storage;

/// <summary>
/// The storage class of a column's value in the current row, as the writers see it whatever the provider. The numbers
/// are SQLite's own (<c>SQLITE_INTEGER</c> … <c>SQLITE_NULL</c>), so the SQLite source hands its code over without a
/// lookup; the PostgreSQL source maps its types onto these (see <see cref="PostgresStatement"/>).
/// </summary>
public enum ColumnType
{
    Integer = 1,
    Float = 2,
    Text = 3,
    Blob = 4,
    Null = 5,
}
