using HarvestOData.Server.OData.Query.Expand;
using HarvestOData.Server.OData.Query.Select;
using HarvestOData.Server.OData.Storage;

namespace HarvestOData.Server.OData.Serialization;

/// <summary>
/// The prepared statements behind every expansion of a request, created once and disposed with it. Each nesting level
/// prepares on its own level of the session (<see cref="MirrorSession.Prepare"/>): an expansion runs while its parent's
/// rows are still being read.
/// </summary>
public sealed class ExpansionStatements : IDisposable
{
    private readonly Dictionary<Expansion, (SqlStatement Rows, SqlStatement? Count)> _statements = [];

    public ExpansionStatements(MirrorSession mirror, RowShape shape)
    {
        try
        {
            Prepare(mirror, shape, 1);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public (SqlStatement Rows, SqlStatement? Count) this[Expansion expansion] => _statements[expansion];

    private void Prepare(MirrorSession mirror, RowShape shape, int level)
    {
        foreach (var expansion in shape.Expansions)
        {
            var rows = mirror.Prepare(expansion.Sql, level);
            var count = expansion.CountSql is null ? null : mirror.Prepare(expansion.CountSql, level);
            _statements[expansion] = (rows, count);
            Prepare(mirror, expansion.Shape, level + 1);
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
