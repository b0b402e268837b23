namespace HarvestOData.Server.OData.Query.Paging;

/// <summary>
/// The rows after a given row in a sort order, as SQL: <c>(k1 &gt; v1) OR (k1 = v1 AND (k2 &lt; v2 OR …))</c>, with
/// SQLite's NULL order (first when ascending, last when descending) spelled out, so a page costs what the first does
/// and rows inserted or deleted meanwhile neither repeat nor vanish.
/// </summary>
public static class Keyset
{
    public static string After(IReadOnlyList<(string Sql, bool Descending)> keys, IReadOnlyList<object?> values, SqlContext sql)
    {
        if (values.Count != keys.Count)
            throw new BadQueryException("The $skiptoken does not match the sort order of this query.");
        return Build(keys, values, 0, sql);
    }

    private static string Build(IReadOnlyList<(string Sql, bool Descending)> keys, IReadOnlyList<object?> values, int i, SqlContext sql)
    {
        var (expression, descending) = keys[i];
        object? value = values[i];
        bool last = i == keys.Count - 1;
        string? rest = last ? null : Build(keys, values, i + 1, sql);
        if (value is null)
        {
            // NULLs sort first ascending: every non-null comes after; descending: nothing but NULL ties.
            string tie = rest is null ? "0" : $"({expression} IS NULL AND {rest})";
            return descending ? tie : $"({expression} IS NOT NULL OR {tie})";
        }
        string p = sql.Add(value);
        string beyond = descending ? $"({expression} < {p} OR {expression} IS NULL)" : $"{expression} > {p}";
        return rest is null ? $"({beyond})" : $"({beyond} OR ({expression} = {p} AND {rest}))";
    }
}
