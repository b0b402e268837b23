namespace HarvestOData.Server.OData.Query.Paging;

/// <summary>
/// The rows after a given row in a sort order, as SQL: <c>(k1 &gt; v1) OR (k1 = v1 AND (k2 &lt; v2 OR …))</c>, with
/// SQLite's NULL order (first when ascending, last when descending; <see cref="SqlDialect.OrderKey"/> keeps it on
/// PostgreSQL) spelled out, so a page costs what the first does
/// and rows inserted or deleted meanwhile neither repeat nor vanish.
/// </summary>
public static class Keyset
{
    public static string After(IReadOnlyList<OrderByKey> keys, IReadOnlyList<object?> values, SqlContext sql)
    {
        if (values.Count != keys.Count)
            throw new BadQueryException("The $skiptoken does not match the sort order of this query.");
        return Build(keys, values, 0, sql);
    }

    private static string Build(IReadOnlyList<OrderByKey> keys, IReadOnlyList<object?> values, int i, SqlContext sql)
    {
        var (expression, descending, kind, _) = keys[i];
        object? value = sql.Dialect.Rebind(values[i], kind);
        bool last = i == keys.Count - 1;
        string? rest = last ? null : Build(keys, values, i + 1, sql);
        if (value is null)
        {
            // NULLs sort first ascending: every non-null comes after; descending: nothing but NULL ties.
            string tie = rest is null ? sql.Dialect.False : $"({expression} IS NULL AND {rest})";
            return descending ? tie : $"({expression} IS NOT NULL OR {tie})";
        }
        string p = sql.Dialect.Collated(sql.Add(value), kind);
        string beyond = descending ? $"({expression} < {p} OR {expression} IS NULL)" : $"{expression} > {p}";
        return rest is null ? $"({beyond})" : $"({beyond} OR ({expression} = {p} AND {rest}))";
    }
}
