using HarvestOData.Server.OData.Query.Expand;
using HarvestOData.Server.OData.Query.Select;
using HarvestOData.Server.OData.Storage;
using SQLitePCL;

namespace HarvestOData.Server.OData.Serialization;

/// <summary>The prepared statements behind every expansion of a request, created once and disposed with it.</summary>
public sealed class ExpansionStatements : IDisposable
{
    private readonly Dictionary<Expansion, (SqlStatement Rows, SqlStatement? Count)> _statements = [];

    public ExpansionStatements(sqlite3 db, RowShape shape)
    {
        try
        {
            Prepare(db, shape);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public (SqlStatement Rows, SqlStatement? Count) this[Expansion expansion] => _statements[expansion];

    private void Prepare(sqlite3 db, RowShape shape)
    {
        foreach (var expansion in shape.Expansions)
        {
            var rows = new SqlStatement(db, expansion.Sql);
            var count = expansion.CountSql is null ? null : new SqlStatement(db, expansion.CountSql);
            _statements[expansion] = (rows, count);
            Prepare(db, expansion.Shape);
        }
    }

    public void Dispose()
    {
        foreach (var (rows, count) in _statements.Values)
        {
            rows.Dispose();
            count?.Dispose();
        }
    }
}
